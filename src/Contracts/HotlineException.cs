namespace Hotline.Contracts;

/// <summary>
/// A request the hotline refuses for a reason the caller can act on (bad input, wrong state, not theirs).
/// Hubs turn it into a HubException and endpoints into problem details; nothing was changed when it is thrown.
/// </summary>
[GenerateSerializer, Alias("hotline.HotlineException")]
public sealed class HotlineException : Exception
{
    public HotlineException(string message) : base(message) { }
}
