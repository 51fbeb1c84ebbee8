using Hotline.Contracts.Workers;

namespace Hotline.Silo.Safety;

/// <summary>
/// The rules for one client address's new chats. Above the soft limit of starts a minute a start needs a solved
/// challenge, each spent once; at the hard limit, or with its cap of chats already waiting, the address waits. The
/// waiting cap is what keeps one address from filling a queue for everybody else. Bounded: it holds at most the hard
/// limit of arrivals, the cap of waiting chats, and the challenges of one minute's starts.
/// </summary>
public sealed class AddressAdmission
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Queue<DateTimeOffset> _arrivals = new();
    private readonly Dictionary<Guid, DateTimeOffset> _waiting = [];
    private readonly Dictionary<string, DateTimeOffset> _spent = new(StringComparer.Ordinal);

    /// <summary>The chats counted as waiting, with when each was admitted, for the grain to check which still wait.</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> Waiting => _waiting;

    public Admission Admit(Guid conversationId, AddressLimits limits, SolvedChallenge? solved, DateTimeOffset now)
    {
        while (_arrivals.TryPeek(out var oldest) && oldest <= now - Window)
            _arrivals.Dequeue();
        foreach (var expired in _spent.Where(spent => spent.Value <= now).Select(spent => spent.Key).ToList())
            _spent.Remove(expired);

        if (_waiting.Count >= limits.WaitingChats)
            return Admission.TooManyWaiting;
        if (_arrivals.Count >= limits.StartsPerMinute)
            return Admission.TooManyStarts;
        if (_arrivals.Count >= limits.ChallengeAbovePerMinute)
        {
            if (solved is null || solved.ExpiresAt <= now || !_spent.TryAdd(solved.Nonce, solved.ExpiresAt))
                return Admission.ChallengeNeeded;
        }
        _arrivals.Enqueue(now);
        _waiting[conversationId] = now;
        return Admission.Admitted;
    }

    /// <summary>The chat no longer waits: answered, ended, abandoned, or never started.</summary>
    public void Release(Guid conversationId) => _waiting.Remove(conversationId);
}
