namespace Hotline.Contracts;

public enum Refusal
{
    /// <summary>Bad input, or a call in the wrong state.</summary>
    Invalid,

    /// <summary>The name or record already exists.</summary>
    Conflict,

    /// <summary>There is no such record.</summary>
    NotFound,

    /// <summary>Something the request needs (the archive's storage) cannot be reached now; the same request can be tried again later.</summary>
    Unavailable,
}

/// <summary>
/// A request the hotline refuses for a reason the caller can act on (bad input, wrong state, not theirs).
/// Hubs turn it into a HubException and endpoints into problem details; nothing was changed when it is thrown.
/// </summary>
[GenerateSerializer, Alias("hotline.HotlineException")]
public sealed class HotlineException : Exception
{
    public HotlineException(string message, Refusal refusal = Refusal.Invalid) : base(message) => Refusal = refusal;

    [Id(0)] public Refusal Refusal { get; private set; }
}
