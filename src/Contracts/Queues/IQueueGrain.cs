using Orleans.Concurrency;

namespace Hotline.Contracts.Queues;

/// <summary>
/// A queue, keyed by its name. It owns the order of waiting conversations (risk desc, returning first, enqueue time
/// asc) and offers them to on-duty counsellors, one offer per conversation at a time. Calls into the queue from
/// conversations and counsellors are one-way, so the queue may call them back without deadlock.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Idempotent. Refused, politely and with the alternatives, when the queue is full.</summary>
    Task<QueueStatus> Enqueue(WaitingConversation conversation);

    Task<QueueStatus?> GetStatus(Guid conversationId);

    Task<int> CountWaiting();

    /// <summary>A conversation coming back (its counsellor left, or it was transferred here); never refused.</summary>
    [OneWay] Task Return(WaitingConversation conversation);

    [OneWay] Task Remove(Guid conversationId);

    [OneWay] Task OfferAccepted(Guid conversationId, Guid offerId);

    [OneWay] Task OfferDeclined(Guid offerId, string counselorId);

    [OneWay] Task CounselorOnDuty(CounselorSeat seat);

    [OneWay] Task CounselorOffDuty(string counselorId);

    /// <summary>How long an answered conversation of this queue took, answer to end: the basis of the wait estimate.</summary>
    [OneWay] Task HandleTimeMeasured(double seconds);

    /// <summary>Screening raised a waiting conversation's risk: it moves ahead.</summary>
    [OneWay] Task RiskRaised(Guid conversationId, Conversations.RiskLevel riskLevel);

    /// <summary>The on-duty seats of an ancestor line this queue watches for backup (<see cref="Lines.ILineRosterGrain"/>), all of them.</summary>
    [OneWay] Task BackupSeats(string line, IReadOnlyList<CounselorSeat> seats);
}
