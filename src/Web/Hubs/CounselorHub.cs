using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Web.Auth;
using Hotline.Web.Delivery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <param name="Language">The worker's language: canned replies are offered in it.</param>
/// <param name="Line">The conversation's line; <paramref name="AnsweredByLine"/> the line whose counsellor answered (a line above it when answered as backup).</param>
public sealed record CounselorConversation(Guid ConversationId, ConversationStatus Status, IReadOnlyList<ChatMessage> Messages, string Topic, RiskLevel RiskLevel, string? Note, string Language,
    string? Line, string? AnsweredByLine)
{
    public static CounselorConversation From(ConversationView view) =>
        new(view.ConversationId, view.Status, view.Messages, view.Topic, view.RiskLevel, view.TransferNote, view.Language, view.Line, view.AnsweredByLine);
}

public sealed record TransferRequest(string? Queue, string? CounselorId, string? Note);

/// <param name="Hours">How long the block lasts: 1, 24, 168 or 720 (BlockLengths); null: Hotline:Supervision:BlockDays.</param>
public sealed record BlockRequest(string? Reason, int? Hours = null);

public sealed record WrapUpRequest(string? Topic, string? RiskLevel, string? Action, string? Notes, bool? EmergencyServicesReached);

/// <summary>The counsellor side. Who may do what to a conversation is decided by the grains; the caller's id comes from the token.</summary>
[Authorize(Roles = $"{Roles.Counselor},{Roles.Supervisor}")]
public sealed class CounselorHub(IGrainFactory grains, StaffConnections staff, ConnectionLeases leases, LineCatalog lines) : Hub
{
    public Task SetPresence(string? presence) =>
        Me().SetPresence(HubArguments.Enum<Presence>(presence, "presence"));

    public async Task<CounselorConversation> AcceptOffer(string? offerId)
    {
        return CounselorConversation.From(await Me().AcceptOffer(HubArguments.Id(offerId, "offerId")));
    }

    /// <summary>Not in the original contract: what a reloaded counsellor page needs to show its conversations and owed wrap-ups again.</summary>
    public async Task<IReadOnlyList<CounselorConversation>> GetMyConversations()
    {
        var views = await Me().GetConversations();
        return views.Select(CounselorConversation.From).ToList();
    }

    /// <summary>
    /// The worker's earlier conversations (dates, topics, risk, wrap-up notes), for the counsellor holding this one;
    /// audited. Only those of the counsellor's lines and the lines under them: another city's stay with its line.
    /// </summary>
    public async Task<IReadOnlyList<EarlierConversation>> GetEarlierConversations(string? conversationId)
    {
        var earlier = await grains.GetGrain<ICaseHistoryGrain>(0).EarlierThan(HubArguments.Id(conversationId, "conversationId"), UserId);
        return await grains.OfLines(StaffScope.Of(Context.User, lines), earlier, e => e.ConversationId);
    }

    public Task<IReadOnlyList<FollowUpTask>> GetMyFollowUps() => grains.GetGrain<IFollowUpsGrain>(0).OwnedBy(UserId);

    public Task CompleteFollowUp(string? taskId) => grains.GetGrain<IFollowUpsGrain>(0).Complete(HubArguments.Id(taskId, "taskId"), UserId);

    public Task DeclineOffer(string? offerId) => Me().DeclineOffer(HubArguments.Id(offerId, "offerId"));

    /// <summary>A retry with the same <paramref name="clientMessageId"/> returns the seq first given, and stores nothing new.</summary>
    public async Task<SendResult> SendMessage(string? conversationId, string? text, string? clientMessageId)
    {
        var message = await Conversation(conversationId).PostCounselorMessage(UserId, text!, clientMessageId!);
        return new SendResult(message.Seq);
    }

    /// <summary>Only for the counsellor who holds the conversation now: a desk refused here has lost it, and learns why from GetMyConversations.</summary>
    public Task<ConversationTail> GetMessagesAfter(string? conversationId, long afterSeq) =>
        Conversation(conversationId).GetMessagesAfterFor(UserId, afterSeq);

    /// <summary>Not in the original contract: sends a referral card (an id from GET /api/referrals) into the chat as a system message.</summary>
    public async Task<SendResult> SendReferral(string? conversationId, string? referralId)
    {
        var conversation = Conversation(conversationId);
        if (string.IsNullOrWhiteSpace(referralId))
            throw new HotlineException(RefusalCodes.ReferralMissing, "Say which referral card to send (its id).");
        var message = await conversation.SendReferral(UserId, referralId);
        return new SendResult(message.Seq);
    }

    /// <summary>The worker sees "counsellor is typing" for a few seconds; the desk sends it at most every 3 s. Only for the counsellor holding the conversation.</summary>
    public Task Typing(string? conversationId) => Conversation(conversationId).CounselorTyping(UserId);

    public Task EndConversation(string? conversationId) => Conversation(conversationId).EndByCounselor(UserId);

    /// <summary>To a colleague, their grain is asked first: it reserves the seat, then the conversation hands itself over.</summary>
    public Task TransferConversation(string? conversationId, TransferRequest? transfer)
    {
        var id = HubArguments.Id(conversationId, "conversationId");
        if (transfer is null)
            throw new HotlineException(RefusalCodes.TransferMissing, "Say where to transfer to: a queue or a counsellor.");
        var colleague = string.IsNullOrWhiteSpace(transfer.CounselorId) ? null : transfer.CounselorId.Trim().ToLowerInvariant();
        if ((transfer.Queue is null) == (colleague is null))
            throw new HotlineException(RefusalCodes.TransferEitherOr, "Name either a queue or a counsellor to transfer to, not both and not neither.");
        return colleague is null
            ? grains.GetGrain<IConversationGrain>(id).TransferTo(UserId, transfer.Queue!, transfer.Note)
            : grains.GetGrain<ICounselorGrain>(colleague).TakeTransfer(id, UserId, transfer.Note);
    }

    /// <summary>Keeps this conversation's worker (its remembered device, or else its resume token) from starting or resuming chats for the hours chosen; they are told only that a chat cannot start now.</summary>
    public Task<Block> BlockWorker(string? conversationId, BlockRequest? block) =>
        Conversation(conversationId).BlockWorker(UserId, asSupervisor: false, block?.Reason, block?.Hours);

    public Task SubmitWrapUp(string? conversationId, WrapUpRequest? wrapUp)
    {
        var conversation = Conversation(conversationId);
        if (wrapUp is null)
            throw new HotlineException(RefusalCodes.WrapUpMissing, "The wrap-up needs a topic, a risk level and an action.");
        var risk = HubArguments.Enum<RiskLevel>(wrapUp.RiskLevel, "riskLevel");
        return conversation.SubmitWrapUp(UserId, new WrapUp(wrapUp.Topic ?? "", risk, wrapUp.Action ?? "", wrapUp.Notes, wrapUp.EmergencyServicesReached));
    }

    /// <summary>Presence follows the pages: the counsellor grain counts connections and notices when the last one is gone.</summary>
    public override async Task OnConnectedAsync()
    {
        staff.Add(Context);
        await Me().Connected(Context.ConnectionId);
        leases.CounselorPage(Context.ConnectionId, UserId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        staff.Remove(Context);
        leases.Closed(Context.ConnectionId);
        await Me().Disconnected(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private string UserId => Context.UserIdentifier ?? throw new HotlineException(RefusalCodes.SignInNoUser, "Sign in again: your token names no user.");

    private ICounselorGrain Me() => grains.GetGrain<ICounselorGrain>(UserId);

    private IConversationGrain Conversation(string? conversationId) =>
        grains.GetGrain<IConversationGrain>(HubArguments.Id(conversationId, "conversationId"));
}
