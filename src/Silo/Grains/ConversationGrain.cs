using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Supervision;
using Hotline.Contracts.Records;
using Hotline.Silo.Channels;
using Hotline.Silo.Lines;
using Hotline.Silo.Records;
using Hotline.Silo.Routing;
using Hotline.Silo.Safety;
using Hotline.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.ConversationState")]
public sealed record ConversationState
{
    [Id(0)] public string WorkerKey { get; set; } = "";
    [Id(1)] public Channel Channel { get; set; }
    [Id(2)] public ConversationStatus Status { get; set; }
    [Id(3)] public string Topic { get; set; } = "";
    [Id(4)] public string Language { get; set; } = "";
    [Id(5)] public RiskLevel RiskLevel { get; set; }
    [Id(6)] public string QueueName { get; set; } = "";
    [Id(7)] public Guid? OfferId { get; set; }
    [Id(8)] public string? OfferedTo { get; set; }
    [Id(9)] public string? CounselorId { get; set; }
    [Id(10)] public string? CounselorName { get; set; }
    /// <summary>The open page of messages: those after the sealed pages (<see cref="ConversationMessages"/>).</summary>
    [Id(11)] public List<ChatMessage> Messages { get; set; } = [];
    [Id(12)] public DateTimeOffset CreatedAt { get; set; }
    [Id(13)] public DateTimeOffset? AnsweredAt { get; set; }
    [Id(14)] public DateTimeOffset? EndedAt { get; set; }
    [Id(15)] public string? EndReason { get; set; }
    [Id(16)] public WrapUp? WrapUp { get; set; }
    [Id(17)] public Survey? Survey { get; set; }
    [Id(18)] public List<TransferRecord> Transfers { get; set; } = [];
    [Id(19)] public List<Whisper> Whispers { get; set; } = [];
    [Id(20)] public HashSet<string> JoinedSupervisors { get; set; } = [];
    [Id(21)] public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>SMS: where to text back, sealed (<see cref="Channels.PhoneNumbers"/>); never in clear.</summary>
    [Id(22)] public SealedRecord? PhoneNumber { get; set; }
    /// <summary>Voice: Twilio's id of the live call.</summary>
    [Id(23)] public string? CallSid { get; set; }
    /// <summary>
    /// SMS, before <see cref="PhoneRelayGrain"/> kept the cursor: the last message seq texted. Never written now; the
    /// relay of a conversation that was texting when it came in starts from it.
    /// </summary>
    [Id(24)] public long TextedUpTo { get; set; }
    /// <summary>SMS: the worker texted STOP; nothing more is texted to them.</summary>
    [Id(25)] public bool TextsStopped { get; set; }
    /// <summary>How many full pages of messages are stored apart from this state.</summary>
    [Id(26)] public int SealedPages { get; set; }
    /// <summary>Set by the worker's quick exit: the conversation ends as a worker disconnect then, unless they come back.</summary>
    [Id(27)] public DateTimeOffset? LeftInHurryUntil { get; set; }
    /// <summary>The privacy notice the worker was given, and when they agreed (null: started before consent was recorded).</summary>
    [Id(28)] public ConversationConsent? Consent { get; set; }
    /// <summary>The line the worker came to; null for a conversation stored before lines existed, which is the default line's.</summary>
    [Id(29)] public string? Line { get; set; }
    /// <summary>The line of the counsellor who first answered: <see cref="Line"/>, or the ancestor line that answered it as backup.</summary>
    [Id(30)] public string? AnsweredByLine { get; set; }
}

/// <summary>
/// One conversation. It is the only owner of its status and messages, so a conversation can never be held by two
/// counsellors: an offer is accepted only when its id is the current one. Queue and counsellor hear from it one-way,
/// which keeps the call graph free of cycles. A message is committed, then published through the notifier, one-way:
/// the caller's answer never waits on web nodes or Redis, and a client that missed an event repairs the gap with
/// <see cref="GetMessagesAfter"/>.
/// </summary>
public sealed partial class ConversationGrain(
    [PersistentState("conversation")] IPersistentState<ConversationState> state,
    IOptions<ChatOptions> chatOptions,
    IOptions<RoutingOptions> routingOptions,
    IOptions<SupervisionOptions> supervisionOptions,
    TopicCatalog catalog,
    QueueMap queues,
    LineCatalog lines,
    Referrals referrals,
    RiskScreen riskScreen,
    HotlineMetrics metrics,
    PhoneNumbers phoneNumbers,
    [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage,
    TimeProvider clock) : Grain, IConversationGrain
{
    // In memory only: after a restart the worker's web node says so at its next renewal.
    private ConnectionGrace? _workerTabs;
    private ConversationMessages? _messages;
    // In memory only: rebuilt from the stored messages, which carry their ids.
    private ClientMessageIds? _clientMessageIds;

    private ConversationState S => state.State;
    private Guid Id => this.GetPrimaryKey();
    private string LineId => lines.LineOf(S.Line);
    private ChatOptions Limits => chatOptions.Value;
    private INotifierGrain Notifier => GrainFactory.GetGrain<INotifierGrain>(0);
    private ConversationMessages Messages => _messages ??= new(storage, this.GetGrainId());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Back after a crash with a web worker waiting: their tab counts as gone unless its web node renews it.
        if (state.RecordExists && IsWaiting && S.Channel == Channel.Web)
            WorkerTabs.AwaitRenewals();
        if (state.RecordExists)
            await TellRelay();
        ArmHurryTimer();
    }

    public async Task<ConversationView> Start(StartConversation request)
    {
        if (state.RecordExists)
            throw new HotlineException(RefusalCodes.ConversationAlreadyStarted, "This conversation has already been started.");
        // A staff-only topic is refused as unknown: a worker is never offered it.
        if (request.Topic is not null && !catalog.IsWorkerTopic(request.Topic))
            throw new HotlineException(RefusalCodes.TopicUnknown, "'{topic}' is not a known topic. Choose one of: {choices}.", ("topic", request.Topic), ("choices", string.Join(", ", catalog.WorkerTopics.Select(t => t.Id))));
        if (!catalog.IsLanguage(request.Language))
            throw new HotlineException(RefusalCodes.LanguageUnknown, "'{language}' is not a supported language. Choose one of: {choices}.", ("language", request.Language), ("choices", string.Join(", ", catalog.Languages)));
        var first = request.FirstMessage is null ? null : MessageText.Validate(request.FirstMessage, Limits.MaxMessageLength);
        var line = lines.Resolve(request.Line);

        var now = clock.GetUtcNow();
        S.WorkerKey = request.WorkerKey;
        S.Channel = request.Channel;
        S.Topic = request.Topic ?? "";
        S.Language = request.Language;
        S.Line = line.Id;
        S.QueueName = queues.QueueFor(line.Id, request.Topic, request.Language);
        S.Status = ConversationStatus.Queued;
        S.RiskLevel = RiskLevel.Unassessed;
        S.CreatedAt = now;
        if (request.PhoneNumber is { } phoneNumber)
            S.PhoneNumber = phoneNumbers.Seal(phoneNumber, Id);
        S.CallSid = request.CallSid;
        S.Consent = request.Consent;
        await OpenConversations.Opened(Id, now);
        if (first is not null)
            await Append(Sender.Worker, first, now);
        var hit = Screen(first);
        await Commit();
        await Stats.Arrived(Id, S.QueueName);
        if (hit is not null)
            await ReportRisk(hit, first!);
        return await View();
    }

    public Task<string> GetLine() => Task.FromResult(LineId);

    public Task<ConversationView> GetView()
    {
        EnsureExists();
        return View();
    }

    public async Task<ConversationTail> GetMessagesAfter(long afterSeq)
    {
        EnsureExists();
        if (afterSeq < 0)
            throw new HotlineException(RefusalCodes.ConversationBadAfterSeq, "afterSeq must be 0 or more.");
        var messages = await Messages.After(S, afterSeq, ConversationTail.MaxMessages);
        return new ConversationTail(Id, S.Status, LastSeq, messages, S.CounselorName, S.EndReason);
    }

    public Task<ConversationTail> GetMessagesAfterFor(string counselorId, long afterSeq)
    {
        EnsureHeldBy(counselorId);
        return GetMessagesAfter(afterSeq);
    }

    public async Task<OfferDetails?> Offer(Guid offerId, string counselorId, DateTimeOffset expiresAt)
    {
        if (!state.RecordExists || S.Status != ConversationStatus.Queued)
            return null;
        S.Status = ConversationStatus.Offered;
        S.OfferId = offerId;
        S.OfferedTo = counselorId;
        await Commit();
        var preview = MessageText.Preview((await Messages.FirstAfter(S, 0, m => m.Sender == Sender.Worker))?.Text);
        return new OfferDetails(Id, S.Topic, S.Language, S.RiskLevel, preview, S.CreatedAt, S.Transfers.LastOrDefault()?.Note, S.Channel, LineId);
    }

    public async Task<bool> WithdrawOffer(Guid offerId)
    {
        if (S.Status != ConversationStatus.Offered || S.OfferId != offerId)
            return false;
        S.Status = ConversationStatus.Queued;
        S.OfferId = null;
        S.OfferedTo = null;
        await Commit();
        return true;
    }

    public async Task<ConversationView> AcceptOffer(Guid offerId, string counselorId, string counselorName, string? answeringLine = null)
    {
        EnsureExists();
        if (S.Status != ConversationStatus.Offered || S.OfferId != offerId || S.OfferedTo != counselorId)
            throw new HotlineException(RefusalCodes.OfferGone, "This offer is no longer open: it expired, was withdrawn, or the worker left.");
        var firstAnswer = S.AnsweredAt is null;
        S.Status = ConversationStatus.Active;
        S.CounselorId = counselorId;
        S.CounselorName = counselorName;
        S.OfferId = null;
        S.OfferedTo = null;
        S.AnsweredAt = clock.GetUtcNow();
        if (firstAnswer)
            S.AnsweredByLine = answeringLine ?? LineId;
        // A backup line's counsellor: the worker came to another line, and is told whose counsellor this is.
        var backup = answeringLine is not null && answeringLine != LineId && lines.Find(answeringLine) is { } backupLine
            ? await Append(Sender.System, Referrals.AnsweredByBackup(S.Language, backupLine.Name(S.Language)), S.AnsweredAt.Value)
            : null;
        AgreeByGoingOn();
        await Commit();
        if (backup is not null)
            await Publish(backup);
        if (firstAnswer)
            await Stats.Answered(Id, S.QueueName, (S.AnsweredAt.Value - S.CreatedAt).TotalSeconds, S.AnsweredByLine);
        await ReportLive();
        await GrainFactory.GetGrain<IQueueGrain>(S.QueueName).OfferAccepted(Id, offerId);
        // After a transfer the worker has already been told, in one line; no second greeting.
        if (S.Transfers.Count == 0)
        {
            await Notifier.ToWorker(Id, ClientEvents.CounselorJoined(counselorName));
            if (S.Channel == Channel.Sms)
                await SayToWorker(PhoneScript.CounselorJoined(S.Language, counselorName));
        }
        await PutCallThrough();
        // A worker who quick-exited while waiting: the counsellor who answers knows they may not be there.
        if (S.LeftInHurryUntil is { } until)
            await Notifier.ToCounselor(counselorId, ClientEvents.WorkerLeftInHurry(Id, until));
        return await View();
    }

    public async Task<ChatMessage> PostWorkerMessage(string text, string clientMessageId)
    {
        EnsureExists();
        // Before the status check: a retry of a message stored just before the end still gets its seq.
        if (await AlreadyStored(Sender.Worker, clientMessageId) is { } stored)
            return stored;
        if (S.Status is not (ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active))
            throw new HotlineException(RefusalCodes.ConversationEnded, "This conversation has ended, so no more messages can be sent in it.");
        var message = await Append(Sender.Worker, MessageText.Validate(text, Limits.MaxMessageLength), clock.GetUtcNow(), clientMessageId);
        AgreeByGoingOn();
        var hit = Screen(message.Text);
        await Commit();
        await Publish(message);
        if (hit is not null)
            await ReportRisk(hit, message.Text);
        return message;
    }

    public async Task WorkerTyping()
    {
        if (state.RecordExists && S.Status == ConversationStatus.Active && S.CounselorId is { } counselorId)
            await Notifier.ToCounselor(counselorId, ClientEvents.WorkerTyping(Id));
    }

    public async Task<ChatMessage> PostCounselorMessage(string counselorId, string text, string clientMessageId)
    {
        EnsureHeldBy(counselorId);
        if (await AlreadyStored(Sender.Counselor, clientMessageId) is { } stored)
            return stored;
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.ConversationNotActive, "This conversation is not active, so no more messages can be sent in it.");
        var message = await Append(Sender.Counselor, MessageText.Validate(text, Limits.MaxMessageLength), clock.GetUtcNow(), clientMessageId);
        await Commit();
        await Publish(message);
        return message;
    }

    public async Task<ChatMessage> SendReferral(string counselorId, string referralId)
    {
        EnsureHeldBy(counselorId);
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.ConversationNotActive, "This conversation is not active, so no more messages can be sent in it.");
        if (referrals.Find(referralId) is not { } card)
            throw new HotlineException(RefusalCodes.ReferralUnknown, "There is no referral card '{referral}'. Choose one of: {choices}.", ("referral", referralId), ("choices", string.Join(", ", referrals.Cards.Select(c => c.Id))));
        // A regional service only where it serves: a counsellor answering another line's chat as backup is not to
        // send their own city's centre to a worker of another city.
        if (!referrals.CardsFor(lines.LocalReferrals(LineId)).Contains(card))
            throw new HotlineException(RefusalCodes.ReferralOtherLine, "The card '{referral}' is for another region's workers. Send one of this conversation's line: {choices}.",
                ("referral", referralId), ("choices", string.Join(", ", referrals.CardsFor(lines.LocalReferrals(LineId)).Select(c => c.Id))));
        // A system message, not the counsellor's: it reads as the line's own directory, the same for every worker.
        var message = await Append(Sender.System, Referrals.CardText(card, S.Language), clock.GetUtcNow());
        await Commit();
        await Publish(message);
        return message;
    }

    public async Task EndByWorker()
    {
        EnsureExists();
        if (!await EndForWorker(EndReasons.WorkerEnded))
            throw new HotlineException(RefusalCodes.ConversationAlreadyEnded, "This conversation has already ended.");
    }

    /// <summary>The worker is gone (left, hung up, texted STOP): Abandoned while waiting, WrapUp once answered; false if it had ended already.</summary>
    private async Task<bool> EndForWorker(string reason)
    {
        switch (S.Status)
        {
            case ConversationStatus.Queued or ConversationStatus.Offered:
                await Abandon(reason);
                break;
            case ConversationStatus.Active:
                S.Status = ConversationStatus.WrapUp;
                MarkEnded(reason);
                await Commit();
                await ReleaseCounselor(reason);
                break;
            default:
                return false;
        }
        await Notifier.ToWorker(Id, ClientEvents.ChatEnded(reason));
        return true;
    }

    public async Task EndByCounselor(string counselorId)
    {
        EnsureHeldBy(counselorId);
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.ConversationAlreadyEnded, "This conversation has already ended.");
        S.Status = ConversationStatus.WrapUp;
        MarkEnded(EndReasons.CounselorEnded);
        await Commit();
        await ReleaseCounselor(EndReasons.CounselorEnded);
        await Notifier.ToWorker(Id, ClientEvents.ChatEnded(EndReasons.CounselorEnded));
        if (S.Channel == Channel.Sms)
            await SayToWorker(PhoneScript.Ended(S.Language));
    }

    public async Task SubmitWrapUp(string counselorId, WrapUp wrapUp)
    {
        EnsureHeldBy(counselorId);
        if (S.Status != ConversationStatus.WrapUp)
            throw S.Status == ConversationStatus.Closed
                ? new HotlineException(RefusalCodes.WrapUpAlreadySubmitted, "The wrap-up for this conversation has already been submitted.")
                : new HotlineException(RefusalCodes.WrapUpBeforeEnd, "End the conversation before writing its wrap-up.");
        if (!catalog.IsTopic(wrapUp.Topic))
            throw new HotlineException(RefusalCodes.WrapUpTopicUnknown, "'{topic}' is not a known topic.", ("topic", wrapUp.Topic));
        if (wrapUp.RiskLevel == RiskLevel.Unassessed || !Enum.IsDefined(wrapUp.RiskLevel))
            throw new HotlineException(RefusalCodes.WrapUpNoRisk, "Choose a risk level (R0–R4, or 'left before screening') before closing the conversation.");
        if (!catalog.IsAction(wrapUp.Action))
            throw new HotlineException(RefusalCodes.WrapUpActionUnknown, "'{action}' is not a known action. Choose one of: {choices}.", ("action", wrapUp.Action), ("choices", string.Join(", ", catalog.Actions.Select(a => a.Id))));
        if (wrapUp.RiskLevel == RiskLevel.R4 && wrapUp.EmergencyServicesReached is null)
            throw new HotlineException(RefusalCodes.WrapUpEmergencyUnanswered, "At R4 (imminent risk), say whether emergency services were reached: yes or no.");
        if (wrapUp.Notes is { Length: var length } && length > Limits.MaxNotesLength)
            throw new HotlineException(RefusalCodes.WrapUpNotesTooLong, "The notes are {length} characters long; the limit is {max}.", ("length", length), ("max", Limits.MaxNotesLength));

        var screened = S.RiskLevel;
        // Held for the archive first: if the outbox cannot take it, the wrap-up is refused and nothing has changed.
        await Archive(wrapUp, S.Survey, wrapUp.RiskLevel, clock.GetUtcNow());
        S.WrapUp = wrapUp;
        S.RiskLevel = wrapUp.RiskLevel;
        S.Status = ConversationStatus.Closed;
        S.ClosedAt = clock.GetUtcNow();
        await Commit();
        await OpenConversations.Archived(Id);
        await ReportContact();
        if (RiskPriority.Of(wrapUp.RiskLevel) >= RiskPriority.Of(RiskLevel.R3))
        {
            await GrainFactory.GetGrain<IFollowUpsGrain>(0).Create(Id, counselorId, wrapUp.RiskLevel);
            // High risk that screening did not already flag still needs a supervisor's acknowledgement.
            if (RiskPriority.Of(wrapUp.RiskLevel) > RiskPriority.Of(screened))
                await AlertSupervisors(AlertReasons.RiskAssessed, wrapUp.RiskLevel);
        }
        await GrainFactory.GetGrain<ICounselorGrain>(counselorId).WrapUpSubmitted(Id);
    }

    public async Task SubmitSurvey(Survey survey)
    {
        EnsureExists();
        if (S.Status is not (ConversationStatus.WrapUp or ConversationStatus.Closed))
            throw new HotlineException(RefusalCodes.SurveyNotYet, "The survey opens once the conversation has ended.");
        if (S.Survey is not null)
            throw new HotlineException(RefusalCodes.SurveyAlreadyDone, "Thank you, your rating for this conversation has already been recorded.");
        if (survey.Rating is < 1 or > 5)
            throw new HotlineException(RefusalCodes.SurveyBadRating, "The rating must be a whole number from 1 to 5.");
        if (survey.Comment is { Length: > 1000 })
            throw new HotlineException(RefusalCodes.SurveyCommentTooLong, "The comment is too long; the limit is {max} characters.", ("max", 1000));
        if (S.Status == ConversationStatus.Closed || S.Status == ConversationStatus.Abandoned)
            await Archive(S.WrapUp, survey, S.RiskLevel, S.ClosedAt ?? S.EndedAt ?? clock.GetUtcNow());
        S.Survey = survey;
        await Commit();
        // Still in wrap-up, the survey reaches the contact log with the wrap-up.
        if (S.Status == ConversationStatus.Closed)
            await ReportContact();
    }

    public async Task NoteOverflow(bool nobodyOnDuty)
    {
        if (S.Status is not (ConversationStatus.Queued or ConversationStatus.Offered))
            return;
        var message = await Append(Sender.System, referrals.LongWait(S.Language, nobodyOnDuty, lines.LocalReferrals(LineId)), clock.GetUtcNow());
        await Commit();
        await Publish(message);
    }

    public Task WorkerConnected(string connectionId)
    {
        WorkerTabs.Connected(connectionId);
        return Task.CompletedTask;
    }

    public Task WorkerDisconnected(string connectionId)
    {
        _workerTabs?.Disconnected(connectionId);
        return Task.CompletedTask;
    }

    private ConnectionGrace WorkerTabs => _workerTabs ??= new ConnectionGrace(this, clock, routingOptions.Value, () => IsWaiting, AbandonIfStillWaiting);

    private async Task AbandonIfStillWaiting()
    {
        // After a quick exit, the worker has until its deadline to come back, not the grace time.
        if (IsWaiting && S.LeftInHurryUntil is null)
        {
            await Abandon(EndReasons.WorkerDisconnected);
            await Notifier.ToWorker(Id, ClientEvents.ChatEnded(EndReasons.WorkerDisconnected));
        }
    }

    private bool IsWaiting => S.Status is ConversationStatus.Queued or ConversationStatus.Offered;

    /// <summary>The worker left before an answer: out of the queue, and any open offer withdrawn from its counsellor.</summary>
    private async Task Abandon(string reason)
    {
        var pendingOffer = S.OfferId;
        var offeredTo = S.OfferedTo;
        S.Status = ConversationStatus.Abandoned;
        S.OfferId = null;
        S.OfferedTo = null;
        MarkEnded(reason);
        // Held for the archive before the end is stored, so that an abandoned conversation is never left unarchived.
        await Archive(null, null, S.RiskLevel, S.EndedAt!.Value);
        await Commit();
        await OpenConversations.Archived(Id);
        await ReportContact();
        await Queue().Remove(Id);
        await Stats.Abandoned(Id, S.QueueName);
        if (pendingOffer is { } offerId && offeredTo is not null)
            await GrainFactory.GetGrain<ICounselorGrain>(offeredTo).OfferWithdrawn(offerId);
    }

    private WaitingConversation Waiting(bool returning) =>
        new(Id, S.Topic.Length == 0 ? null : S.Topic, S.Language, S.RiskLevel, clock.GetUtcNow(), returning);

    private IQueueGrain Queue() => GrainFactory.GetGrain<IQueueGrain>(S.QueueName);

    private long LastSeq => ConversationMessages.Count(S);

    /// <summary>
    /// Adds a message, with its page's id in it; the caller commits the state before telling anyone.
    /// </summary>
    private async Task<ChatMessage> Append(Sender sender, string text, DateTimeOffset at, string? clientMessageId = null)
    {
        metrics.Message(sender.ToString().ToLowerInvariant());
        var message = await Messages.Append(S, new ChatMessage(Id, LastSeq + 1, sender, text, at, clientMessageId));
        if (clientMessageId is not null)
            (await SentIds()).Add(message);
        return message;
    }

    private async Task<ClientMessageIds> SentIds() =>
        _clientMessageIds ??= ClientMessageIds.Of(await Messages.Newest(S, ClientMessageIds.Remembered));

    /// <summary>Checks a page's id for a message; if this sender's message with that id is stored already (a retry), returns it.</summary>
    private async Task<ChatMessage?> AlreadyStored(Sender sender, string? clientMessageId)
    {
        var id = ClientMessageIds.Validate(clientMessageId);
        if (!(await SentIds()).TryFind(sender, id, out var seq))
            return null;
        return (await Messages.After(S, seq - 1, 1)).Single();
    }

    /// <summary>
    /// By text and by phone the notice came in the first reply or the greeting: the worker's next text, or a call still
    /// on the line when a counsellor answers or a voicemail is left, is their agreement. The caller commits.
    /// </summary>
    private void AgreeByGoingOn()
    {
        if (S.Consent is { AgreedAt: null } given)
            S.Consent = given with { AgreedAt = clock.GetUtcNow() };
    }

    private void MarkEnded(string reason)
    {
        S.EndedAt = clock.GetUtcNow();
        S.EndReason = reason;
    }

    private async Task ReleaseCounselor(string reason)
    {
        var counselorId = S.CounselorId!;
        // One ended by retention sat for years: its time is no measure of handling.
        if (S.AnsweredAt is { } answeredAt && S.EndedAt is { } endedAt && reason != EndReasons.Expired)
        {
            await Queue().HandleTimeMeasured((endedAt - answeredAt).TotalSeconds);
            await Stats.Handled(Id, (endedAt - answeredAt).TotalSeconds);
        }
        await ReportLive();
        await GrainFactory.GetGrain<ICounselorGrain>(counselorId).ConversationReleased(Id);
        await Notifier.ToCounselor(counselorId, ClientEvents.ConversationEnded(Id, reason));
        await Notifier.ToMonitors(Id, ClientEvents.ConversationEnded(Id, reason));
    }

    private async Task Publish(ChatMessage message)
    {
        var counselorId = S.Status == ConversationStatus.Active ? S.CounselorId : null;
        await Notifier.ToConversation(Id, counselorId, ClientEvents.MessageReceived(message));
        if (message.Sender != Sender.Worker)
            await TellRelay();
    }

    private async Task<ArchiveRecord> Record(WrapUp? wrapUp, Survey? survey, RiskLevel riskLevel, DateTimeOffset closedAt) => new(
        Id, S.Channel, S.Topic, S.Language, riskLevel, S.CounselorId, await Messages.All(S), wrapUp, survey, S.CreatedAt, S.AnsweredAt, closedAt);

    /// <summary>
    /// Hands the record, every message read from its pages, to its archive outbox. If the pages cannot be read or the
    /// outbox cannot take it, drop this activation, as <see cref="Commit"/> does.
    /// </summary>
    private async Task Archive(WrapUp? wrapUp, Survey? survey, RiskLevel riskLevel, DateTimeOffset closedAt)
    {
        try
        {
            await GrainFactory.ArchiveOutboxFor(Id).Hold(await Record(wrapUp, survey, riskLevel, closedAt));
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private IStatsGrain Stats => GrainFactory.GetGrain<IStatsGrain>(0);

    /// <summary>Tells the contact log (one-way) how this conversation ended for good; a later report of it, with the survey, replaces this one.</summary>
    private Task ReportContact()
    {
        var answered = S.Status == ConversationStatus.Closed;
        return GrainFactory.GetGrain<IContactLogGrain>(IContactLogGrain.KeyFor(S.CreatedAt)).Record(new ContactFact(
            Id, S.CreatedAt, S.Channel, S.WrapUp?.Topic ?? S.Topic, S.RiskLevel, S.WrapUp?.Action,
            answered ? ContactOutcome.Answered : ContactOutcome.Abandoned,
            answered ? (S.AnsweredAt - S.CreatedAt)?.TotalSeconds : null,
            answered ? (S.EndedAt - S.AnsweredAt)?.TotalSeconds : null,
            S.Survey?.Rating, S.Survey?.Helped, LineId, answered ? S.AnsweredByLine : null));
    }

    /// <summary>Puts this conversation on the supervisors' live list while it is active, and takes it off otherwise.</summary>
    private Task ReportLive() => Stats.ConversationLive(Id, S.Status == ConversationStatus.Active
        ? new ActiveConversationFigures(Id, S.Topic, S.RiskLevel, S.AnsweredAt ?? clock.GetUtcNow(), 0, S.CounselorId, S.CounselorName, LineId, S.AnsweredByLine)
        : null);

    private Task Audit(string actor, string action) =>
        GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(actor, action, Id, clock.GetUtcNow()));

    /// <summary>Raises the risk level when worker text matches a risk phrase; never lowers it.</summary>
    private RiskHit? Screen(string? text)
    {
        if (riskScreen.Screen(text) is not { } hit || RiskPriority.Of(hit.Level) <= RiskPriority.Of(S.RiskLevel))
            return null;
        S.RiskLevel = hit.Level;
        return hit;
    }

    /// <summary>After the raise is stored: the queue moves the conversation ahead, the counsellor and monitors are told, supervisors are alerted.</summary>
    private async Task ReportRisk(RiskHit hit, string text)
    {
        if (IsWaiting)
            await Queue().RiskRaised(Id, hit.Level);
        else if (S.Status == ConversationStatus.Active && S.CounselorId is { } counselorId)
        {
            await Notifier.ToCounselor(counselorId, ClientEvents.RiskChanged(Id, hit.Level));
            await ReportLive();
        }
        await Notifier.ToMonitors(Id, ClientEvents.RiskChanged(Id, hit.Level));
        await AlertSupervisors(AlertReasons.ScreeningMatched, hit.Level, new AlertTrigger(hit.Phrase, TriggerExcerpt.Of(text, hit.Phrase)));
    }

    private Task Commit() => state.WriteOrReload(this);

    private void EnsureExists()
    {
        if (!state.RecordExists)
            throw new HotlineException(RefusalCodes.ConversationUnknown, "There is no conversation with this id.");
    }

    private void EnsureHeldBy(string counselorId)
    {
        EnsureExists();
        if (S.CounselorId != counselorId)
            throw new HotlineException(RefusalCodes.ConversationNotYours, "This conversation is not yours: only the counsellor who holds it can do that.");
    }

    private async Task<ConversationView> View() => new(
        Id, S.Status, S.Topic, S.Language, S.RiskLevel, S.CounselorId, S.CounselorName, await Messages.Newest(S, ConversationView.MaxMessages),
        S.Survey is not null, S.QueueName, S.Transfers.LastOrDefault()?.Note, S.Consent, LineId, S.AnsweredByLine);
}
