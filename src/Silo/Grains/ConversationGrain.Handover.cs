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
    }

    public async Task TransferTo(string counselorId, Transfer transfer)
    {
        EnsureHeldBy(counselorId);
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException("Only an active conversation can be transferred.");
        if ((transfer.Queue is null) == (transfer.CounselorId is null))
            throw new HotlineException("Name either a queue or a counsellor to transfer to, not both and not neither.");
        if (transfer.Note is { Length: > 1000 })
            throw new HotlineException("The transfer note is too long; the limit is 1000 characters.");
        if (transfer.Queue is not null && !queues.Exists(transfer.Queue))
            throw new HotlineException($"'{transfer.Queue}' is not a queue. Choose one of: {string.Join(", ", queues.All)}.");
        if (transfer.CounselorId == counselorId)
            throw new HotlineException("You already hold this conversation; choose a colleague or a queue.");

        if (transfer.CounselorId is { } colleague)
        {
            await HandOver(colleague, transfer.Note, EndReasons.Transferred);
            return;
        }
        S.Transfers.Add(new TransferRecord(counselorId, transfer.Queue, null, transfer.Note, clock.GetUtcNow()));
        S.Status = ConversationStatus.Queued;
        S.QueueName = transfer.Queue!;
        S.CounselorId = null;
        S.CounselorName = null;
        var message = await Append(Sender.System, Referrals.Transferred(S.Language), clock.GetUtcNow());
        await Commit();
        await ReportLive();
        await LetGo(counselorId, EndReasons.Transferred);
        await Publish(message);
        await Queue().Return(Waiting(returning: true));
    }

    /// <summary>Hands an active conversation to a colleague, who is asked first: if they cannot take it, nothing has changed.</summary>
    private async Task HandOver(string to, string? note, string reason)
    {
        var from = S.CounselorId!;
        var toName = await GrainFactory.GetGrain<ICounselorGrain>(to).TakeTransfer(Id);
        S.Transfers.Add(new TransferRecord(from, null, to, note, clock.GetUtcNow()));
        S.CounselorId = to;
        S.CounselorName = toName;
        var message = await Append(Sender.System, Referrals.Transferred(S.Language), clock.GetUtcNow());
        await Commit();
        await ReportLive();
        await LetGo(from, reason);
        await Publish(message);
        await Notifier.ToCounselor(to, ClientEvents.ConversationAssigned(View()));
    }

    /// <summary>The previous counsellor's seat is free, no wrap-up is owed by them, and their page closes the chat.</summary>
    private async Task LetGo(string counselorId, string reason)
    {
        await GrainFactory.GetGrain<ICounselorGrain>(counselorId).ConversationHandedOver(Id);
        await Notifier.ToCounselor(counselorId, ClientEvents.ConversationEnded(Id, reason));
    }
}
