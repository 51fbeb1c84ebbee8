namespace Hotline.Silo;

/// <summary>Limits on what participants may send (section Hotline:Chat).</summary>
public sealed class ChatOptions
{
    public const string Section = "Hotline:Chat";

    /// <summary>Kept well below SignalR's 32 KB frame limit, so an over-long message gets a clear error instead of a dropped connection.</summary>
    public int MaxMessageLength { get; set; } = 4000;

    public int MaxNotesLength { get; set; } = 4000;
}

/// <summary>How offers are made (section Hotline:Routing).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Hotline:Routing";

    public int OfferTimeoutSeconds { get; set; } = 30;

    /// <summary>The assumed time to answer until the queue has measured some.</summary>
    public int DefaultAnswerSeconds { get; set; } = 60;
}
