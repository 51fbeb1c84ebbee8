using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;
using Hotline.Web.Abuse;
using Hotline.Web.Delivery;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Web.Hubs;

/// <param name="Proof">Only after a <c>chat.challenge</c> refusal: the challenge it carried, solved.</param>
/// <param name="ConsentVersion">The version of the privacy notice the page showed and the worker agreed to; required, and must be the current one.</param>
/// <param name="DeviceKey">Only when the worker ticked "remember this device": the browser's random device key (43 base64url characters), kept server-side only as a keyed hash.</param>
/// <param name="Line">The line the worker came to (<c>/?line=</c>, or the city they chose); without one, the default line.</param>
public sealed record StartChatRequest(
    string? Topic,
    string? Language,
    string? FirstMessage,
    ChallengeProof? Proof = null,
    string? ConsentVersion = null,
    string? DeviceKey = null,
    string? Line = null);

/// <param name="CounselorsOnDuty">0 when nobody is on duty for the conversation's queue: the page says so, and shows the other ways to get help first.</param>
public sealed record StartChatResponse(Guid ConversationId, string ResumeToken, int Position, int EstimatedWaitSeconds, int CounselorsOnDuty);

public sealed record LeftInHurry(DateTimeOffset? ResumableUntil);

/// <param name="Queue">Where the conversation stands while it waits (with who is on duty); null once answered or ended.</param>
public sealed record ResumeChatResponse(Guid ConversationId, ConversationStatus Status, IReadOnlyList<ChatMessage> Messages, string? CounselorName, string Topic, bool SurveySubmitted, QueueStatus? Queue);

public sealed record SendResult(long Seq);

public sealed record SurveyRequest(int Rating, bool? Helped, string? Comment);

/// <summary>
/// The anonymous worker side. A connection belongs to one conversation, which it proves by starting it or by
/// presenting its resume token. Nothing about the connection (address, agent) is passed on, but a keyed hash of its
/// address, by which <see cref="ChatAdmission"/> counts the chats it starts.
/// </summary>
public sealed class WorkerHub(IGrainFactory grains, ConnectionLeases leases, ChatAdmission admission, RememberedDevices devices) : Hub
{
    private const string ConversationKey = "conversation";
    private const string DefaultLanguage = "zh";

    public static string GroupOf(Guid conversationId) => $"conversation:{conversationId:N}";

    public async Task<StartChatResponse> StartChat(StartChatRequest? request)
    {
        if (Current is not null)
            throw new HotlineException(RefusalCodes.ChatWindowTaken, "This window already has a conversation. Resume it, or open a new window to start another.");
        var device = devices.WorkerKeyOf(request?.DeviceKey);
        var (token, workerKey) = ResumeTokens.Create();
        var conversationId = Guid.NewGuid();
        await admission.Admit(Context.GetHttpContext(), conversationId, request?.Proof);
        // Join first, so that no event of the new conversation can be missed.
        await Attach(conversationId);
        try
        {
            var started = await grains.GetGrain<IWorkerGrain>(workerKey).StartChat(
                conversationId, Channel.Web, request?.Topic, request?.Language ?? DefaultLanguage, request?.FirstMessage,
                request?.ConsentVersion, device, request?.Line);
            await grains.GetGrain<IConversationGrain>(conversationId).WorkerConnected(Context.ConnectionId);
            leases.WorkerTab(Context.ConnectionId, conversationId);
            return new StartChatResponse(started.ConversationId, token, started.Position, started.EstimatedWaitSeconds, started.CounselorsOnDuty);
        }
        catch
        {
            await Detach(conversationId);
            await admission.Release(Context.GetHttpContext(), conversationId);
            throw;
        }
    }

    public async Task<ResumeChatResponse> ResumeChat(string? resumeToken)
    {
        var workerKey = ResumeTokens.KeyOf(resumeToken)
            ?? throw new HotlineException(RefusalCodes.ResumeInvalid, "That resume code is not valid. Start a new chat.");
        if (await grains.GetGrain<IWorkerGrain>(workerKey).Resume() is not { } conversationId)
            throw new HotlineException(RefusalCodes.ResumeUnknown, "That resume code is not known here. It may have been mistyped; start a new chat.");
        if (Current is { } current && current != conversationId)
            throw new HotlineException(RefusalCodes.ResumeOtherConversation, "This window already has a different conversation.");
        await Attach(conversationId);
        var conversation = grains.GetGrain<IConversationGrain>(conversationId);
        await conversation.WorkerConnected(Context.ConnectionId);
        leases.WorkerTab(Context.ConnectionId, conversationId);
        await conversation.WorkerResumed();
        var view = await conversation.GetView();
        var queue = view.Status is ConversationStatus.Queued or ConversationStatus.Offered
            ? await grains.GetGrain<IQueueGrain>(view.QueueName).GetStatus(conversationId)
            : null;
        return new ResumeChatResponse(view.ConversationId, view.Status, view.Messages, view.CounselorName, view.Topic, view.SurveySubmitted, queue);
    }

    /// <summary>A retry with the same <paramref name="clientMessageId"/> returns the seq first given, and stores nothing new.</summary>
    public async Task<SendResult> SendMessage(string? text, string? clientMessageId)
    {
        var message = await Conversation().PostWorkerMessage(text!, clientMessageId!);
        return new SendResult(message.Seq);
    }

    /// <summary>What this connection's conversation has after <paramref name="afterSeq"/>: how the page repairs a gap.</summary>
    public Task<ConversationTail> GetMessagesAfter(long afterSeq) => Conversation().GetMessagesAfter(afterSeq);

    /// <summary>A hint for the counsellor that an answer is coming; the page sends it at most every few seconds.</summary>
    public Task Typing() => Conversation().WorkerTyping();

    public Task EndChat() => Conversation().EndByWorker();

    /// <summary>Quick exit: the conversation stays open until the answer's time (Hotline:Chat:QuickExitResumeSeconds) for this tab's resume token; the page has already gone.</summary>
    public async Task<LeftInHurry> LeaveInHurry() => new(await Conversation().LeaveInHurry());

    public Task SubmitSurvey(SurveyRequest? survey) =>
        Conversation().SubmitSurvey(new Survey(survey?.Rating ?? 0, survey?.Helped, survey?.Comment));

    /// <summary>A worker who vanishes while waiting is abandoned after the grace time, unless they come back.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        leases.Closed(Context.ConnectionId);
        if (Current is { } conversationId)
            await grains.GetGrain<IConversationGrain>(conversationId).WorkerDisconnected(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    private Guid? Current => Context.Items.TryGetValue(ConversationKey, out var id) ? (Guid?)id : null;

    private IConversationGrain Conversation() =>
        Current is { } id
            ? grains.GetGrain<IConversationGrain>(id)
            : throw new HotlineException(RefusalCodes.ChatNotStarted, "Start a chat (or resume one) before doing that.");

    private async Task Attach(Guid conversationId)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(conversationId));
        Context.Items[ConversationKey] = conversationId;
    }

    private async Task Detach(Guid conversationId)
    {
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(conversationId));
        Context.Items.Remove(ConversationKey);
    }
}
