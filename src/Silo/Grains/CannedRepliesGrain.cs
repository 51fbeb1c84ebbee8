using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Counseling;
using Hotline.Silo.Storage;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.CannedRepliesState")]
public sealed record CannedRepliesState
{
    [Id(0)] public List<CannedReply> Replies { get; set; } = [];
}

/// <summary>
/// The canned replies of the line. The seed is taken once, on first use, and stored: from then on the list is what
/// supervisors made of it, and a changed seed file does not bring back a reply they deleted.
/// </summary>
public sealed class CannedRepliesGrain(
    [PersistentState("canned-replies")] IPersistentState<CannedRepliesState> state,
    CannedReplySeed seed,
    TimeProvider clock) : Grain, ICannedRepliesGrain
{
    private List<CannedReply> Replies => state.State.Replies;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            state.State.Replies = seed.Replies.ToList();
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<CannedReply>> All() => Task.FromResult<IReadOnlyList<CannedReply>>(Replies.ToList());

    public async Task<CannedReply> Save(CannedReply reply, string supervisorId)
    {
        var valid = CannedReplyRules.Validate(reply);
        var index = Replies.FindIndex(r => r.Id == valid.Id);
        if (index < 0 && Replies.Count >= CannedReplyRules.MaxReplies)
            throw new HotlineException(RefusalCodes.CannedReplyTooMany, "There are already {max} canned replies; delete one before adding another.", ("max", CannedReplyRules.MaxReplies));
        await Audit(supervisorId, AuditActions.EditCannedReply, valid.Id);
        if (index < 0)
            Replies.Add(valid);
        else
            Replies[index] = valid;
        await Commit();
        return valid;
    }

    public async Task Delete(string id, string supervisorId)
    {
        var index = Replies.FindIndex(r => r.Id == id);
        if (index < 0)
            throw new HotlineException(RefusalCodes.CannedReplyUnknown, Refusal.NotFound, "There is no canned reply '{id}'.", ("id", id));
        await Audit(supervisorId, AuditActions.DeleteCannedReply, id);
        Replies.RemoveAt(index);
        await Commit();
    }

    private Task Audit(string supervisorId, string action, string replyId) =>
        GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(supervisorId, action, Guid.Empty, clock.GetUtcNow(), replyId));

    private Task Commit() => state.WriteOrReload(this);
}
