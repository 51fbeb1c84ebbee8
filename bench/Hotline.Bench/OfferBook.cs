using System.Collections.Concurrent;
using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>Where offers went: when each conversation was first offered and whether a counsellor took it.</summary>
public sealed class OfferBook
{
    private readonly ConcurrentDictionary<Guid, long> _offeredAt = new();
    private readonly ConcurrentDictionary<Guid, byte> _accepted = new();

    public int AcceptedCount => _accepted.Count;

    public void Offered(Guid conversationId) => _offeredAt.TryAdd(conversationId, Stopwatch.GetTimestamp());

    public void Accepted(Guid conversationId) => _accepted.TryAdd(conversationId, 0);

    public bool TryGetOfferedAt(Guid conversationId, out long at) => _offeredAt.TryGetValue(conversationId, out at);

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
