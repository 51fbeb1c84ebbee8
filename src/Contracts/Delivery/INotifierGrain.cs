namespace Hotline.Contracts.Delivery;

/// <summary>Fans an event out to every live web node. Awaiting it keeps one sender's events in order.</summary>
public interface INotifierGrain : IGrainWithIntegerKey
{
    Task ToWorker(Guid conversationId, ClientEvent e);

    Task ToCounselor(string counselorId, ClientEvent e);

    /// <summary>To a conversation's worker, its counsellor (if any) and its monitors, in one delivery.</summary>
    Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e);

    Task ToSupervisors(ClientEvent e);

    Task ToMonitors(Guid conversationId, ClientEvent e);

    /// <summary>Closes every live connection of a staff member (their account was disabled).</summary>
    Task DisconnectUser(string userId);
}
