using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>Where offers went: when each conversation was first offered, and on which web node a counsellor took it.</summary>
public sealed class OfferBook
{
    private readonly ConcurrentDictionary<Guid, long> _offeredAt = new();
    private readonly ConcurrentDictionary<Guid, IServer> _takenOn = new();

    public int AcceptedCount => _takenOn.Count;

    public void Offered(Guid conversationId) => _offeredAt.TryAdd(conversationId, Stopwatch.GetTimestamp());

    public void Accepted(Guid conversationId, IServer web) => _takenOn.TryAdd(conversationId, web);

    public bool TryGetOfferedAt(Guid conversationId, out long at) => _offeredAt.TryGetValue(conversationId, out at);

    /// <summary>The web node of the counsellor's page that took the conversation.</summary>
    public bool TryGetTakenOn(Guid conversationId, out IServer web) => _takenOn.TryGetValue(conversationId, out web!);

    public async Task WaitForAccepted(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (AcceptedCount < count)
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"Only {AcceptedCount} of {count} conversations were taken by a counsellor within {timeout.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
    }
}
