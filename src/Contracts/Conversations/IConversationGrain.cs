namespace Hotline.Contracts.Conversations;

/// <summary>One conversation, keyed by its id. It owns its status, its ordered messages and its records.</summary>
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Records a new conversation (status Queued) with the worker's first message, if any.</summary>
    Task<ConversationView> Start(StartConversation request);

    /// <summary>The conversation now, with its newest <see cref="ConversationView.MaxMessages"/> messages; older ones through <see cref="GetMessagesAfter"/>.</summary>
    Task<ConversationView> GetView();

    /// <summary>
    /// The messages after <paramref name="afterSeq"/>, oldest first, at most <see cref="ConversationTail.MaxMessages"/>,
    /// with the status: how any client repairs what it missed. No caller check here; the hubs check who may read.
    /// </summary>
    Task<ConversationTail> GetMessagesAfter(long afterSeq);

    /// <summary>Marks the conversation Offered; false when it is no longer waiting (so the queue drops it).</summary>
    Task<OfferDetails?> Offer(Guid offerId, string counselorId, DateTimeOffset expiresAt);

    /// <summary>Returns an unanswered offer to the queue; a no-op when that offer is no longer current.</summary>
    Task<bool> WithdrawOffer(Guid offerId);

    /// <summary>
    /// <paramref name="answeringLine"/>: the line the counsellor answers for (null: the conversation's own). When it is
    /// another line, a backup line, the worker is told which.
    /// </summary>
    Task<ConversationView> AcceptOffer(Guid offerId, string counselorId, string counselorName, string? answeringLine = null);

    /// <summary>
    /// Stores the worker's message. <paramref name="clientMessageId"/> is the page's own id for it: a retry with an id
    /// this conversation remembers (its last 500 messages) returns the message first stored, and stores and tells nothing new.
    /// </summary>
    Task<ChatMessage> PostWorkerMessage(string text, string clientMessageId);

    /// <summary>The worker is typing: their counsellor is told (nothing is stored). One-way: it is only a hint.</summary>
    [Orleans.Concurrency.OneWay] Task WorkerTyping();

    /// <summary>The holding counsellor is typing: the worker is told (nothing is stored). Refused for anyone else.</summary>
    Task CounselorTyping(string counselorId);

    /// <summary>
    /// The worker's quick exit. The conversation stays open until the returned time (Hotline:Chat:QuickExitResumeSeconds)
    /// for them to come back on that device; then it ends as a worker disconnect. Their counsellor is told, and at R3/R4
    /// the supervisors are alerted. Null when the conversation had already ended.
    /// </summary>
    Task<DateTimeOffset?> LeaveInHurry();

    /// <summary>The worker resumed the conversation (their tab opened it again): after a quick exit, it is theirs again and the counsellor is told.</summary>
    Task WorkerResumed();

    /// <summary>The holding counsellor's message; <paramref name="clientMessageId"/> as for <see cref="PostWorkerMessage"/>.</summary>
    Task<ChatMessage> PostCounselorMessage(string counselorId, string text, string clientMessageId);

    /// <summary>As <see cref="GetMessagesAfter"/>, for the counsellor who holds the conversation now (until its wrap-up); refused for anyone else.</summary>
    Task<ConversationTail> GetMessagesAfterFor(string counselorId, long afterSeq);

    /// <summary>The holding counsellor sends a referral card (seeds/referrals.json): a system message in the conversation's language.</summary>
    Task<ChatMessage> SendReferral(string counselorId, string referralId);

    /// <summary>The worker leaves: Abandoned while waiting, WrapUp once answered.</summary>
    Task EndByWorker();

    Task EndByCounselor(string counselorId);

    Task SubmitWrapUp(string counselorId, WrapUp wrapUp);

    Task SubmitSurvey(Survey survey);

    /// <summary>Retention: drops the stored conversation once its archived record has been deleted, or once <see cref="Expire"/> found it due.</summary>
    Task Forget();

    /// <summary>
    /// Retention, for a conversation never archived: one silent since before <paramref name="cutoff"/> is ended if it
    /// is still open (as if the worker left), or due for deletion if it was left in wrap-up.
    /// </summary>
    Task<OpenConversationExpiry> Expire(DateTimeOffset cutoff);

    /// <summary>The conversation waited past the overflow time: the worker is told the other ways to get help now, and whether anyone is on duty.</summary>
    Task NoteOverflow(bool nobodyOnDuty);

    /// <summary>Its counsellor is gone: back to the front of its queue, history intact, the worker told why.</summary>
    Task ReturnToQueue(string counselorId);

    /// <summary>The holding counsellor sends the conversation to a queue, with a note the next counsellor sees.</summary>
    Task TransferTo(string counselorId, string queue, string? note);

    /// <summary>
    /// The holding counsellor hands the conversation to a colleague. Called only by the colleague's grain
    /// (<see cref="Counselors.ICounselorGrain.TakeTransfer"/>), which has already reserved the seat.
    /// </summary>
    Task HandOver(string counselorId, string colleagueId, string colleagueName, string? note);

    /// <summary>The worker's connections, so that a worker who vanishes while waiting is not left in the queue.</summary>
    Task WorkerConnected(string connectionId);

    Task WorkerDisconnected(string connectionId);

    /// <summary>
    /// Lets the counsellor holding this conversation read the worker's earlier ones: audits the read and returns the
    /// worker's key. Refused for anyone else.
    /// </summary>
    Task<string> OpenHistory(string counselorId);

    /// <summary>
    /// Its status and what the wrap-up recorded, never its messages: for a later conversation's counsellor, and for
    /// grains that only need the status (the worker's, on every text). Null when there is none (retention removed it).
    /// </summary>
    Task<EarlierConversation?> GetSummary();

    /// <summary>The line the conversation belongs to (the default line for one from before lines): whose staff may see it. Set at the start, never changed.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<string> GetLine();

    /// <summary>SMS: the worker texted STOP. The conversation ends if open, and nothing more is texted to them.</summary>
    Task StopTexts();

    /// <summary>SMS: where its relay texts to, and whether it may; null for a conversation that did not come by text.</summary>
    Task<Phone.SmsContact?> GetSmsContact();

    /// <summary>Voice: the caller hung up. Abandoned if still waiting, WrapUp if answered; a no-op once ended.</summary>
    Task CallEnded();

    /// <summary>Voice: the caller left a voicemail instead of waiting; its recording's address goes on the record.</summary>
    Task LeaveVoicemail(string recordingUrl);

    /// <summary>Voice: where the call stands, for the TwiML that holds or connects the caller.</summary>
    Task<CallProgress> GetCallProgress();

    /// <summary>A supervisor reads the conversation without either party being told; the read is audited first.</summary>
    Task<ConversationView> Monitor(string supervisorId);

    /// <summary>Raises a supervisor alert about this conversation (<see cref="Supervision.AlertReasons"/>), with its counsellor and queue.</summary>
    [Orleans.Concurrency.OneWay]
    Task RaiseAlert(string reason, RiskLevel riskLevel, IReadOnlyDictionary<string, string>? parameters);

    /// <summary>A supervisor's message to the counsellor only.</summary>
    Task<Whisper> Whisper(string supervisorId, string supervisorName, string text);

    /// <summary>A supervisor enters the conversation; the worker is told a supervisor joined.</summary>
    Task<ConversationView> Join(string supervisorId, string supervisorName);

    /// <summary>A joined supervisor's message to both parties; <paramref name="clientMessageId"/> as for <see cref="PostWorkerMessage"/>.</summary>
    Task<ChatMessage> PostSupervisorMessage(string supervisorId, string text, string clientMessageId);

    /// <summary>
    /// Keeps this conversation's worker from starting or resuming chats for <paramref name="hours"/> (one of
    /// <see cref="Supervision.BlockLengths.Hours"/>; null: <c>Hotline:Supervision:BlockDays</c>); by its counsellor, or by a supervisor.
    /// </summary>
    Task<Supervision.Block> BlockWorker(string actorId, bool asSupervisor, string? reason, int? hours = null);

    /// <summary>
    /// A supervisor hands an active conversation to a counsellor who is free. Called only by that counsellor's grain
    /// (<see cref="Counselors.ICounselorGrain.TakeReassignment"/>), which has already reserved the seat.
    /// </summary>
    Task Reassign(string supervisorId, string counselorId, string counselorName);
}

/// <param name="PastOverflow">Waited past the overflow time: the caller is offered the alternatives and a voicemail.</param>
/// <param name="CounselorId">Who answered, once Active.</param>
[GenerateSerializer, Immutable, Alias("hotline.CallProgress")]
public sealed record CallProgress(ConversationStatus Status, bool PastOverflow, string? CounselorId);
