namespace Hotline.Contracts.Workers;

/// <summary>What one client address may do now (the web node's Hotline:RateLimits:*), passed on each call so the silo needs no copy.</summary>
[GenerateSerializer, Immutable, Alias("hotline.AddressLimits")]
public sealed record AddressLimits(int StartsPerMinute, int ChallengeAbovePerMinute, int WaitingChats);

/// <summary>A solved start challenge's id and when it expires: the address remembers it until then, so it is spent once.</summary>
[GenerateSerializer, Immutable, Alias("hotline.SolvedChallenge")]
public sealed record SolvedChallenge(string Nonce, DateTimeOffset ExpiresAt);

public enum Admission
{
    Admitted,

    /// <summary>Arrivals from the address are spiking: a start needs a solved challenge (a new one, when the one given was spent).</summary>
    ChallengeNeeded,

    /// <summary>The address has started its hard limit of chats within the last minute.</summary>
    TooManyStarts,

    /// <summary>The address already has its cap of chats waiting in the queues.</summary>
    TooManyWaiting,
}

/// <summary>
/// One client address, keyed by a keyed hash of it (never the address itself), across the whole cluster: how many
/// chats it started in the last minute, which of its chats still wait, and which start challenges it has spent.
/// Kept in memory only: it counts abuse, it is no record, and a restart that forgets it costs nothing but a minute.
/// </summary>
public interface IClientAddressGrain : IGrainWithStringKey
{
    /// <summary>Counts the start of <paramref name="conversationId"/> when admitted; nothing is counted otherwise.</summary>
    Task<Admission> Admit(Guid conversationId, AddressLimits limits, SolvedChallenge? solved);

    /// <summary>The start admitted for <paramref name="conversationId"/> did not happen after all (refused further on): it no longer waits.</summary>
    Task Release(Guid conversationId);
}
