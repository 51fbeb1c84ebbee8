using Hotline.Contracts.Delivery;
using Hotline.Web.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Delivery;

/// <summary>This web node as grains see it: forwards each event to the SignalR connections it concerns, if any are here.</summary>
public sealed class HubNode(
    IHubContext<WorkerHub> workers,
    IHubContext<CounselorHub> counselors,
    IHubContext<SupervisorHub> supervisors,
    StaffConnections staff) : IHubNode
{
    public Task ToWorker(Guid conversationId, ClientEvent e) =>
        workers.Clients.Group(WorkerHub.GroupOf(conversationId)).SendAsync(e.Name, e.Payload);

    public Task ToCounselor(string counselorId, ClientEvent e) =>
        counselors.Clients.User(counselorId).SendAsync(e.Name, e.Payload);

    public Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e) => Task.WhenAll(
        ToWorker(conversationId, e),
        counselorId is null ? Task.CompletedTask : ToCounselor(counselorId, e),
        ToMonitors(conversationId, e));

    public Task ToSupervisors(ClientEvent e) =>
        supervisors.Clients.Group(SupervisorHub.Everyone).SendAsync(e.Name, e.Payload);

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
