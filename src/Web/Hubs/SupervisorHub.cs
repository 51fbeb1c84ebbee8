using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;
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

/// <summary>
/// Supervisors: alerts, and stepping into conversations. Every read and every step in is audited by the conversation.
/// Each supervisor works for their lines and the lines under them (<see cref="StaffScope"/>): a conversation of
/// another line is refused as if it did not exist, and what is pushed reaches them filtered the same way.
/// </summary>
[Authorize(Roles = Roles.Supervisor)]
public sealed class SupervisorHub(IGrainFactory grains, StaffConnections staff, LineCatalog lines, QueueMap queues) : Hub
{
    public static string MonitorsOf(Guid conversationId) => $"monitor:{conversationId:N}";

    private const string Monitored = "monitored";

    public override async Task OnConnectedAsync()
    {
        staff.Add(Context, supervising: Scope);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        staff.Remove(Context);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The same snapshot StatsUpdated pushes, for a page that has just opened.</summary>
    public async Task<StatsSnapshot> GetStats() => Scope.Filter(await grains.GetGrain<IStatsGrain>(0).GetSnapshot(), queues);

    public async Task<IReadOnlyList<FollowUpTask>> GetFollowUps() =>
        await grains.OfLines(Scope, await grains.GetGrain<IFollowUpsGrain>(0).Open(), task => task.ConversationId);

    /// <summary>Blocks the worker of a conversation for the hours chosen (<see cref="BlockRequest"/>); the block names the conversation, never the worker.</summary>
    public async Task<Block> BlockWorker(string? conversationId, BlockRequest? block) =>
        await (await Conversation(conversationId)).BlockWorker(UserId, asSupervisor: true, block?.Reason, block?.Hours);

    /// <summary>The blocks not yet run out, each with when it ends: those of conversations of this supervisor's lines.</summary>
    public async Task<IReadOnlyList<Block>> GetBlocks() =>
        await grains.OfLines(Scope, await grains.GetGrain<IBlockListGrain>(0).Active(), block => block.ConversationId);

    public async Task LiftBlock(string? blockId)
    {
        var id = HubArguments.Id(blockId, "blockId");
        if ((await grains.GetGrain<IBlockListGrain>(0).Active()).FirstOrDefault(block => block.BlockId == id) is { } block)
            await InMyLines(block.ConversationId);
        await grains.GetGrain<IBlockListGrain>(0).Lift(id, UserId);
    }

    /// <summary>A closed conversation's archived record, decrypted and checked; the read is audited.</summary>
    public async Task<ArchiveRecord> ReadArchivedTranscript(string? conversationId)
    {
        var id = await InMyLines(HubArguments.Id(conversationId, "conversationId"));
        return await grains.GetGrain<IArchiveGrain>(0).Read(id, UserId);
    }

    /// <summary>The newest entries, of those the caller's lines cover (the page is taken first, then kept to them).</summary>
    public async Task<AuditPage> GetAuditLog(int take = 100) => await grains.OfLines(Scope, await grains.GetGrain<IAuditLogGrain>(0).Latest(take));

    /// <summary>The open alerts of every line this supervisor covers, in the console's order.</summary>
    public async Task<IReadOnlyList<Alert>> GetOpenAlerts() => AlertOrder.Sort((await OpenAlertsOfMyLines()).Select(open => open.Alert));

    /// <summary>Acknowledged at the grain of the alert's line; an alert of a line this supervisor does not cover is unknown to them.</summary>
    public async Task<Alert> AcknowledgeAlert(string? alertId)
    {
        var id = HubArguments.Id(alertId, "alertId");
        var (line, _) = (await OpenAlertsOfMyLines()).FirstOrDefault(open => open.Alert.AlertId == id);
        if (line is null)
            throw new HotlineException(RefusalCodes.AlertUnknown, "There is no open alert with this id among your lines'; it may have been acknowledged already.");
        return await grains.GetGrain<ISupervisionGrain>(line).Acknowledge(id, UserId);
    }

    /// <summary>Read-only and silent: the connection then receives the conversation's messages and whispers, and stops receiving those of the one it watched before.</summary>
    public async Task<MonitoredConversation> MonitorConversation(string? conversationId)
    {
        var id = await InMyLines(HubArguments.Id(conversationId, "conversationId"));
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
        await (await Conversation(conversationId)).Whisper(UserId, DisplayName, text!);

    public async Task<MonitoredConversation> JoinConversation(string? conversationId)
    {
        var id = await InMyLines(HubArguments.Id(conversationId, "conversationId"));
        var view = await grains.GetGrain<IConversationGrain>(id).Join(UserId, DisplayName);
        await Watch(id);
        return MonitoredConversation.From(view);
    }

    /// <summary>Not in the original contract: a supervisor who joined writes to both parties; a retry with the same <paramref name="clientMessageId"/> is stored once.</summary>
    public async Task<SendResult> SendMessage(string? conversationId, string? text, string? clientMessageId) =>
        new((await (await Conversation(conversationId)).PostSupervisorMessage(UserId, text!, clientMessageId!)).Seq);

    /// <summary>Only for the conversation this connection monitors or joined (the one it receives events of).</summary>
    public Task<ConversationTail> GetMessagesAfter(string? conversationId, long afterSeq)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        if (!Context.Items.TryGetValue(Monitored, out var watched) || watched is not Guid watchedId || watchedId != id)
            throw new HotlineException(RefusalCodes.MonitorFirst, "Monitor this conversation first.");
        return grains.GetGrain<IConversationGrain>(id).GetMessagesAfter(afterSeq);
    }

    /// <summary>The counsellor's grain is asked first: it reserves the seat, then the conversation hands itself over.</summary>
    public async Task Reassign(string? conversationId, string? counselorId)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        if (string.IsNullOrWhiteSpace(counselorId))
            throw new HotlineException(RefusalCodes.ReassignMissingCounselor, "counselorId must name the counsellor (their user name) who should take the conversation.");
        await InMyLines(id);
        await grains.GetGrain<ICounselorGrain>(counselorId.Trim().ToLowerInvariant()).TakeReassignment(id, UserId);
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

    private StaffScope Scope => StaffScope.Of(Context.User, lines);

    /// <summary>Asked of each covered line's grain at once, each alert with the line whose grain holds it.</summary>
    private async Task<IEnumerable<(string Line, Alert Alert)>> OpenAlertsOfMyLines()
    {
        var covered = Scope.Covered;
        var open = await Task.WhenAll(covered.Select(line => grains.GetGrain<ISupervisionGrain>(line).GetOpenAlerts()));
        return covered.Zip(open).SelectMany(ofLine => ofLine.Second.Select(alert => (ofLine.First, alert)));
    }

    /// <summary>The conversation, once it is known to be of this supervisor's lines.</summary>
    private async Task<IConversationGrain> Conversation(string? conversationId) =>
        grains.GetGrain<IConversationGrain>(await InMyLines(HubArguments.Id(conversationId, "conversationId")));

    private async Task<Guid> InMyLines(Guid conversationId)
    {
        Scope.Check(await grains.GetGrain<IConversationGrain>(conversationId).GetLine());
        return conversationId;
    }
}
