using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Web.Delivery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <param name="Consent">The privacy notice the worker was given and when they agreed to it (null: a conversation from before consent was recorded).</param>
public sealed record MonitoredConversation(Guid ConversationId, ConversationStatus Status, IReadOnlyList<ChatMessage> Messages, string Topic, RiskLevel RiskLevel, string? CounselorId, string? CounselorName,
    ConversationConsent? Consent = null)
{
    public static MonitoredConversation From(ConversationView view) =>
        new(view.ConversationId, view.Status, view.Messages, view.Topic, view.RiskLevel, view.CounselorId, view.CounselorName,
            view.Consent);
}

/// <summary>Supervisors: alerts, and stepping into conversations. Every read and every step in is audited by the conversation.</summary>
[Authorize(Roles = Roles.Supervisor)]
public sealed class SupervisorHub(IGrainFactory grains, StaffConnections staff) : Hub
{
    public const string Everyone = "supervisors";

    public static string MonitorsOf(Guid conversationId) => $"monitor:{conversationId:N}";

    private const string Monitored = "monitored";

    public override async Task OnConnectedAsync()
    {
        staff.Add(Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, Everyone);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        staff.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The same snapshot StatsUpdated pushes, for a page that has just opened.</summary>
    public Task<StatsSnapshot> GetStats() => grains.GetGrain<IStatsGrain>(0).GetSnapshot();

    public Task<IReadOnlyList<FollowUpTask>> GetFollowUps() => grains.GetGrain<IFollowUpsGrain>(0).Open();

    /// <summary>Blocks the worker of a conversation for the hours chosen (<see cref="BlockRequest"/>); the block names the conversation, never the worker.</summary>
    public Task<Block> BlockWorker(string? conversationId, BlockRequest? block) =>
        Conversation(conversationId).BlockWorker(UserId, asSupervisor: true, block?.Reason, block?.Hours);

    /// <summary>The blocks not yet run out, each with when it ends.</summary>
    public Task<IReadOnlyList<Block>> GetBlocks() => grains.GetGrain<IBlockListGrain>(0).Active();

    public Task LiftBlock(string? blockId) => grains.GetGrain<IBlockListGrain>(0).Lift(HubArguments.Id(blockId, "blockId"), UserId);

    /// <summary>A closed conversation's archived record, decrypted and checked; the read is audited.</summary>
    public Task<ArchiveRecord> ReadArchivedTranscript(string? conversationId) =>
        grains.GetGrain<IArchiveGrain>(0).Read(HubArguments.Id(conversationId, "conversationId"), UserId);

    public Task<AuditPage> GetAuditLog(int take = 100) => grains.GetGrain<IAuditLogGrain>(0).Latest(take);

    public Task<IReadOnlyList<Alert>> GetOpenAlerts() => Supervision().GetOpenAlerts();

    public Task<Alert> AcknowledgeAlert(string? alertId) => Supervision().Acknowledge(HubArguments.Id(alertId, "alertId"), UserId);

    /// <summary>Read-only and silent: the connection then receives the conversation's messages and whispers, and stops receiving those of the one it watched before.</summary>
    public async Task<MonitoredConversation> MonitorConversation(string? conversationId)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        var view = await grains.GetGrain<IConversationGrain>(id).Monitor(UserId);
        await Watch(id);
        return MonitoredConversation.From(view);
    }

    /// <summary>The connection stops receiving the conversation it watched.</summary>
    public async Task StopMonitoring()
    {
        if (Context.Items.TryGetValue(Monitored, out var watched) && watched is Guid id)
        {
            Context.Items.Remove(Monitored);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, MonitorsOf(id));
        }
    }

    public async Task Whisper(string? conversationId, string? text) =>
        await Conversation(conversationId).Whisper(UserId, DisplayName, text!);

    public async Task<MonitoredConversation> JoinConversation(string? conversationId)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        var view = await grains.GetGrain<IConversationGrain>(id).Join(UserId, DisplayName);
        await Watch(id);
        return MonitoredConversation.From(view);
    }

    /// <summary>Not in the original contract: a supervisor who joined writes to both parties; a retry with the same <paramref name="clientMessageId"/> is stored once.</summary>
    public async Task<SendResult> SendMessage(string? conversationId, string? text, string? clientMessageId) =>
        new((await Conversation(conversationId).PostSupervisorMessage(UserId, text!, clientMessageId!)).Seq);

    /// <summary>Only for the conversation this connection monitors or joined (the one it receives events of).</summary>
    public Task<ConversationTail> GetMessagesAfter(string? conversationId, long afterSeq)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        if (!Context.Items.TryGetValue(Monitored, out var watched) || watched is not Guid watchedId || watchedId != id)
            throw new HotlineException(RefusalCodes.MonitorFirst, "Monitor this conversation first.");
        return grains.GetGrain<IConversationGrain>(id).GetMessagesAfter(afterSeq);
    }

    /// <summary>The counsellor's grain is asked first: it reserves the seat, then the conversation hands itself over.</summary>
    public Task Reassign(string? conversationId, string? counselorId)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        if (string.IsNullOrWhiteSpace(counselorId))
            throw new HotlineException(RefusalCodes.ReassignMissingCounselor, "counselorId must name the counsellor (their user name) who should take the conversation.");
        return grains.GetGrain<ICounselorGrain>(counselorId.Trim().ToLowerInvariant()).TakeReassignment(id, UserId);
    }

    /// <summary>A connection watches one conversation at a time, so it never piles up the groups of conversations it has left.</summary>
    private async Task Watch(Guid conversationId)
    {
        if (Context.Items.TryGetValue(Monitored, out var watched) && watched is Guid id && id == conversationId)
            return;
        await StopMonitoring();
        await Groups.AddToGroupAsync(Context.ConnectionId, MonitorsOf(conversationId));
        Context.Items[Monitored] = conversationId;
    }

    private string UserId => Context.UserIdentifier ?? throw new HotlineException(RefusalCodes.SignInNoUser, "Sign in again: your token names no user.");

    private string DisplayName => Context.User?.FindFirst("name")?.Value ?? UserId;

    private ISupervisionGrain Supervision() => grains.GetGrain<ISupervisionGrain>(0);

    private IConversationGrain Conversation(string? conversationId) =>
        grains.GetGrain<IConversationGrain>(HubArguments.Id(conversationId, "conversationId"));
}
