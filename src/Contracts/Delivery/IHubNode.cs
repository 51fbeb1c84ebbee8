namespace Hotline.Contracts.Delivery;

/// <summary>
/// One web node, as grains see it: it forwards events to whichever of its SignalR connections they concern.
/// Grains never know which node holds a browser; every node gets the event and nodes without the connection ignore it.
/// </summary>
public interface IHubNode : IGrainObserver
{
    /// <summary>To the worker side of a conversation.</summary>
    Task ToWorker(Guid conversationId, ClientEvent e);

    /// <summary>To every connection of one counsellor.</summary>
    Task ToCounselor(string counselorId, ClientEvent e);

    /// <summary>
    /// To everyone in a conversation at once: its worker, its counsellor if one holds it, and its monitors. One call
    /// instead of three, because every chat message goes this way.
    /// </summary>
    Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e);

    /// <summary>To every connected supervisor.</summary>
    Task ToSupervisors(ClientEvent e);

    /// <summary>To the supervisors silently monitoring one conversation.</summary>
    Task ToMonitors(Guid conversationId, ClientEvent e);

    /// <summary>Closes every connection this node holds for one staff member.</summary>
    Task DisconnectUser(string userId);
}
