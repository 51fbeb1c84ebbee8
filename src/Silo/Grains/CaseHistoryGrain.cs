using Hotline.Contracts.Conversations;
using Hotline.Contracts.Workers;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>
/// Gathers a worker's earlier conversations for the counsellor of their current one. It sits above conversations and
/// workers and nobody calls it back, so its awaited calls cannot form a cycle (a conversation awaiting its worker could,
/// while that worker awaits the conversation).
/// </summary>
[StatelessWorker]
public sealed class CaseHistoryGrain : Grain, ICaseHistoryGrain
{
    public async Task<IReadOnlyList<EarlierConversation>> EarlierThan(Guid conversationId, string counselorId)
    {
        var workerKey = await GrainFactory.GetGrain<IConversationGrain>(conversationId).OpenHistory(counselorId);
        var ids = await GrainFactory.GetGrain<IWorkerGrain>(workerKey).GetConversations();
        var summaries = await Task.WhenAll(ids.Where(id => id != conversationId).Select(id => GrainFactory.GetGrain<IConversationGrain>(id).GetSummary()));
        return summaries.OfType<EarlierConversation>().OrderByDescending(s => s.StartedAt).ToList();
    }
}
