using Hotline.Contracts.Delivery;
using Hotline.Silo.Routing;
using Hotline.Web.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Delivery;

/// <summary>This web node as grains see it: forwards each event to the SignalR connections it concerns, if any are here.</summary>
public sealed class HubNode(
    IHubContext<WorkerHub> workers,
    IHubContext<CounselorHub> counselors,
    IHubContext<SupervisorHub> supervisors,
    StaffConnections staff,
    QueueMap queues) : IHubNode
{
    public Task ToWorker(Guid conversationId, ClientEvent e) =>
        workers.Clients.Group(WorkerHub.GroupOf(conversationId)).SendAsync(e.Name, e.Payload);

    public Task ToCounselor(string counselorId, ClientEvent e) =>
        counselors.Clients.User(counselorId).SendAsync(e.Name, e.Payload);

    public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e) => Task.WhenAll(
        ToWorker(conversationId, e),
        counselorId is null ? Task.CompletedTask : ToCounselor(counselorId, e),
        ToMonitors(conversationId, e));

    /// <summary>To each supervisor as their lines allow: another line's alert is not sent, the figures only of their lines.</summary>
    public Task ToSupervisors(ClientEvent e) => Task.WhenAll(staff.Supervisors
        .Select(s => (s.ConnectionId, Payload: s.Scope.Filter(e.Payload, queues)))
        .Where(s => s.Payload is not null)
        .Select(s => supervisors.Clients.Client(s.ConnectionId).SendAsync(e.Name, s.Payload)));

    public Task ToMonitors(Guid conversationId, ClientEvent e) =>
        supervisors.Clients.Group(SupervisorHub.MonitorsOf(conversationId)).SendAsync(e.Name, e.Payload);

    /// <summary>
    /// Events may have been lost on their way to this node: every page here checks its conversations now
    /// (GetMessagesAfter and the status it returns), instead of at its next periodic check.
    /// </summary>
    public Task AskEveryoneToCatchUp() => Task.WhenAll(
        workers.Clients.All.SendAsync(ClientEvents.CatchUpName),
        counselors.Clients.All.SendAsync(ClientEvents.CatchUpName),
        supervisors.Clients.All.SendAsync(ClientEvents.CatchUpName));

    public Task DisconnectUser(string userId)
    {
        staff.Abort(userId);
        return Task.CompletedTask;
    }
}
