using Hotline.Contracts.Conversations;
using Orleans.Concurrency;

namespace Hotline.Contracts.Queues;

/// <summary>
/// A queue, keyed by its name. It owns the order of waiting conversations (risk desc, enqueue time asc)
/// and offers them to ready counsellors, one offer per conversation at a time.
/// Calls into the queue from conversations and counsellors are one-way, so the queue may call them back without deadlock.
/// </summary>
public interface IQueueGrain : IGrainWithStringKey
{
    Task<QueueStatus> Enqueue(Guid conversationId, RiskLevel riskLevel, DateTimeOffset enqueuedAt);

    Task<QueueStatus?> GetStatus(Guid conversationId);

    Task<int> CountWaiting();

    [OneWay] Task Remove(Guid conversationId);

    [OneWay] Task OfferAccepted(Guid conversationId, Guid offerId);

    [OneWay] Task OfferDeclined(Guid offerId, string counselorId);

    [OneWay] Task CounselorReady(CounselorSeat seat);

    [OneWay] Task CounselorNotReady(string counselorId);
}
