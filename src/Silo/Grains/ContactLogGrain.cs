using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.ContactLogState")]
public sealed record ContactLogState
{
    [Id(0)] public Dictionary<Guid, ContactFact> Facts { get; set; } = [];
}

/// <summary>
/// The contact facts of one UTC day. One grain per day rather than per month: each fact rewrites the whole state, and a
/// day of a busy line (a few hundred small facts) stays a small write where a month would not. It is keyed by the UTC
/// day, not the hotline's local one, so the stored facts do not depend on <c>UtcOffsetHours</c>; reports regroup them.
/// It calls no grain, so it can never take part in a cycle.
/// </summary>
public sealed class ContactLogGrain([PersistentState("contacts")] IPersistentState<ContactLogState> state) : Grain, IContactLogGrain
{
    public async Task Record(ContactFact fact)
    {
        state.State.Facts[fact.ConversationId] = fact;
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ContactFact>> Facts() =>
        Task.FromResult<IReadOnlyList<ContactFact>>(state.State.Facts.Values.OrderBy(f => f.ArrivedAt).ToList());
}
