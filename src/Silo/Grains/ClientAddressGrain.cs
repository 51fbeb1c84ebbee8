using Hotline.Contracts.Conversations;
using Hotline.Contracts.Workers;
using Hotline.Silo.Safety;

namespace Hotline.Silo.Grains;

/// <summary>
/// One client address across the cluster (<see cref="IClientAddressGrain"/>). No persistent state: the counts live as
/// long as the activation. Which of its chats still wait is asked of the conversations themselves when it matters,
/// so nothing has to tell this grain when a chat is answered or abandoned.
/// </summary>
public sealed class ClientAddressGrain(TimeProvider clock) : Grain, IClientAddressGrain
{
    // A chat admitted a moment ago may not have started yet: its conversation has no summary until it does.
    private static readonly TimeSpan Starting = TimeSpan.FromMinutes(1);

    private readonly AddressAdmission _admission = new();

    public async Task<Admission> Admit(Guid conversationId, AddressLimits limits, SolvedChallenge? solved)
    {
        var now = clock.GetUtcNow();
        if (_admission.Waiting.Count >= limits.WaitingChats)
            await ForgetAnswered(now);
        return _admission.Admit(conversationId, limits, solved, now);
    }

    public Task Release(Guid conversationId)
    {
        _admission.Release(conversationId);
        return Task.CompletedTask;
    }

    private async Task ForgetAnswered(DateTimeOffset now)
    {
        foreach (var (conversationId, admittedAt) in _admission.Waiting.ToList())
        {
            var summary = await GrainFactory.GetGrain<IConversationGrain>(conversationId).GetSummary();
            var waits = summary is null ? now - admittedAt < Starting : summary.Status is ConversationStatus.Queued or ConversationStatus.Offered;
            if (!waits)
                _admission.Release(conversationId);
        }
    }
}
