using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Grains;

/// <summary>A conversation changing hands: back to its queue when its counsellor is gone, or transferred to a queue or a colleague.</summary>
public sealed partial class ConversationGrain
{
    public async Task ReturnToQueue(string counselorId)
    {
        if (S.Status != ConversationStatus.Active || S.CounselorId != counselorId)
            return;
        S.Status = ConversationStatus.Queued;
        S.CounselorId = null;
        S.CounselorName = null;
        var message = await Append(Sender.System, Referrals.CounselorDisconnected(S.Language), clock.GetUtcNow());
        await Commit();
        await ReportLive();
        await Publish(message);
        await Queue().Return(Waiting(returning: true));
        WaitingAgain();
    }

    public async Task TransferTo(string counselorId, string queue, string? note)
    {
        EnsureTransferable(counselorId, note);
        // Within the conversation's own line: a queue named as in any line ("work.zh") is this line's.
        var target = queues.Find(LineId, queue)
            ?? throw new HotlineException(RefusalCodes.TransferQueueUnknown, "'{queue}' is not a queue. Choose one of: {choices}.", ("queue", queue), ("choices", string.Join(", ", queues.Local)));
        S.Transfers.Add(new TransferRecord(counselorId, target, null, note, clock.GetUtcNow()));
        S.Status = ConversationStatus.Queued;
        S.QueueName = target;
        S.CounselorId = null;
        S.CounselorName = null;
        var message = await Append(Sender.System, Referrals.Transferred(S.Language), clock.GetUtcNow());
        await Commit();
        await ReportLive();
        await LetGo(counselorId, EndReasons.Transferred);
        await Publish(message);
        await Queue().Return(Waiting(returning: true));
        WaitingAgain();
    }

    /// <summary>
    /// Back in the queue: being without a worker tab matters again. A worker who closed the tab while the chat was
    /// active is never renewed, so after a lease and the grace the conversation is abandoned instead of being offered,
    /// again and again, with nobody there; a tab that is still open is renewed within the lease and keeps its place.
    /// </summary>
    private void WaitingAgain()
    {
        if (S.Channel == Channel.Web && !WorkerTabs.AnyConnected)
            WorkerTabs.AwaitRenewals();
    }

    public async Task HandOver(string counselorId, string colleagueId, string colleagueName, string? note)
    {
        EnsureTransferable(counselorId, note);
        if (colleagueId == counselorId)
            throw new HotlineException(RefusalCodes.TransferToSelf, "You already hold this conversation; choose a colleague or a queue.");
        await HandOverTo(colleagueId, colleagueName, note, EndReasons.Transferred);
    }

    private void EnsureTransferable(string counselorId, string? note)
    {
        EnsureHeldBy(counselorId);
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.TransferNotActive, "Only an active conversation can be transferred.");
        if (note is { Length: > 1000 })
            throw new HotlineException(RefusalCodes.TransferNoteTooLong, "The transfer note is too long; the limit is {max} characters.", ("max", 1000));
    }

    /// <summary>Gives an active conversation to a colleague whose grain has already reserved the seat (and is waiting on this call).</summary>
    private async Task HandOverTo(string to, string toName, string? note, string reason)
    {
        var from = S.CounselorId!;
        S.Transfers.Add(new TransferRecord(from, null, to, note, clock.GetUtcNow()));
        S.CounselorId = to;
        S.CounselorName = toName;
        var message = await Append(Sender.System, Referrals.Transferred(S.Language), clock.GetUtcNow());
        await Commit();
        await ReportLive();
        await LetGo(from, reason);
        await Publish(message);
        await Notifier.ToCounselor(to, ClientEvents.ConversationAssigned(await View()));
    }

    /// <summary>The previous counsellor's seat is free, no wrap-up is owed by them, and their page closes the chat.</summary>
    private async Task LetGo(string counselorId, string reason)
    {
        await GrainFactory.GetGrain<ICounselorGrain>(counselorId).ConversationHandedOver(Id);
        await Notifier.ToCounselor(counselorId, ClientEvents.ConversationEnded(Id, reason));
    }
}
