using Orleans.Concurrency;

namespace Hotline.Contracts.Delivery;

/// <summary>
/// Fans an event out to every live web node. One-way: no sender's turn waits on web nodes or Redis. One sender's
/// events reach each node in the order sent, at most once each unless a test injects faults; a client that missed one
/// repairs the gap by seq, so delivery may fail without anything being lost from a page.
/// </summary>
public interface INotifierGrain : IGrainWithIntegerKey
{
    [OneWay] Task ToWorker(Guid conversationId, ClientEvent e);

    [OneWay] Task ToCounselor(string counselorId, ClientEvent e);

    /// <summary>To a conversation's worker, its counsellor (if any) and its monitors, in one delivery.</summary>
    [OneWay] Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e);

    [OneWay] Task ToSupervisors(ClientEvent e);

    [OneWay] Task ToMonitors(Guid conversationId, ClientEvent e);

    /// <summary>Closes every live connection of a staff member (their account was disabled).</summary>
    [OneWay] Task DisconnectUser(string userId);
}
