using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Phone;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;
using Hotline.Silo.Channels;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.WorkerState")]
public sealed record WorkerState
{
    [Id(0)] public List<Guid> Conversations { get; set; } = [];
    [Id(1)] public DateTimeOffset? BlockedUntil { get; set; }
    [Id(2)] public List<string> RecentMessageSids { get; set; } = [];
    /// <summary>A resume token's grain only: the worker key of the remembered device its chat was started from.</summary>
    [Id(3)] public string? Device { get; set; }
}

/// <summary>
/// A help-seeker, known only by a hash of their resume token, of their remembered device or of their number. It records which conversations were theirs (the newest
/// <see cref="RetentionOptions.ConversationsPerWorker"/>) and starts new ones: conversation first, then its place in
/// the queue, so a failure between the two leaves a conversation that <see cref="GetCurrentConversation"/> puts back
/// in the queue. It learns whether its latest conversation is open from the conversation's summary, which carries no
/// messages, and which retention's removal of that conversation leaves null rather than failing.
/// </summary>
public sealed class WorkerGrain(
    [PersistentState("worker")] IPersistentState<WorkerState> state,
    IOptions<RoutingOptions> routingOptions,
    IOptions<RetentionOptions> retentionOptions,
    QueueMap queues,
    LineCatalog lines,
    Referrals referrals,
    TimeProvider clock) : Grain, IWorkerGrain
{
    public async Task<StartedChat> StartChat(Guid conversationId, Channel channel, string? topic, string language, string? firstMessage,
        string? consentVersion, string? deviceWorkerKey = null, string? line = null)
    {
        var consent = Agreed(consentVersion, channel);
        // Kept before the start, so that this token stays stopped by a block of its device.
        state.State.Device = deviceWorkerKey;
        var started = await Start(conversationId, new StartConversation(deviceWorkerKey ?? this.GetPrimaryKeyString(), channel, topic, language, firstMessage, Consent: consent, Line: line));
        if (deviceWorkerKey is not null)
            await GrainFactory.GetGrain<IWorkerGrain>(deviceWorkerKey).Remember(conversationId);
        // A web worker comes back to this grain only to resume; its state is stored, so it need not stay in memory.
        DeactivateOnIdle();
        return started;
    }

    public async Task Remember(Guid conversationId)
    {
        Keep(conversationId);
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    public async Task<Guid?> Resume()
    {
        if (await IsBlocked() && Current() is { } current)
        {
            var conversation = GrainFactory.GetGrain<IConversationGrain>(current);
            throw Unavailable((await conversation.GetView()).Language, await conversation.GetLine());
        }
        return await GetCurrentConversation();
    }

    public async Task<TextReceipt> ReceiveText(InboundText text)
    {
        if (state.State.RecentMessageSids.Contains(text.MessageSid))
            return new TextReceipt(TextOutcome.Duplicate, null);
        var language = PhoneScript.LanguageOf(text.Body);
        TextReceipt receipt;
        try
        {
            receipt = await Take(text, language);
        }
        catch (HotlineException e)
        {
            // Said back by text: an SMS worker has no page to show an error on.
            receipt = new TextReceipt(TextOutcome.Refused, e.Message);
        }
        // Remembered once handled: a retry that races a crash may count twice, but a text is never dropped.
        state.State.RecentMessageSids.Add(text.MessageSid);
        if (state.State.RecentMessageSids.Count > 100)
            state.State.RecentMessageSids.RemoveAt(0);
        await state.WriteStateAsync();
        return receipt;
    }

    private async Task<TextReceipt> Take(InboundText text, string language)
    {
        if (PhoneScript.IsStop(text.Body))
        {
            if (Current() is { } current)
                await GrainFactory.GetGrain<IConversationGrain>(current).StopTexts();
            return new TextReceipt(TextOutcome.Stopped, null);
        }
        if (await Open() is { } open)
        {
            // Twilio's MessageSid is the message's client id: a webhook Twilio retries is stored once, even past a crash.
            await GrainFactory.GetGrain<IConversationGrain>(open).PostWorkerMessage(text.Body, text.MessageSid);
            return new TextReceipt(TextOutcome.Continued, null);
        }
        var started = await Start(Guid.NewGuid(), new StartConversation(this.GetPrimaryKeyString(), Channel.Sms, null, language, text.Body, PhoneNumber: text.From,
            Consent: NoticeGiven(Channel.Sms)));
        return new TextReceipt(TextOutcome.Started, PhoneScript.Queued(language, started.Position, started.EstimatedWaitSeconds, referrals,
            lines.LocalReferrals(lines.Default.Id), retentionOptions.Value.Days));
    }

    public async Task<CallAnswer> ReceiveCall(Guid conversationId, InboundCall call)
    {
        const string language = "zh";
        if (state.State.Conversations.Contains(conversationId))
            return new CallAnswer(conversationId, language, null);
        // A call of this number still open was cut off without its status reaching us: this call takes over.
        if (await Open() is { } stale)
            await GrainFactory.GetGrain<IConversationGrain>(stale).CallEnded();
        try
        {
            await Start(conversationId, new StartConversation(this.GetPrimaryKeyString(), Channel.Voice, null, language, null, CallSid: call.CallSid,
                Consent: NoticeGiven(Channel.Voice)));
            return new CallAnswer(conversationId, language, null);
        }
        catch (HotlineException e)
        {
            return new CallAnswer(conversationId, language, e.Message);
        }
    }

    private async Task<StartedChat> Start(Guid conversationId, StartConversation request)
    {
        var (topic, language) = (request.Topic, request.Language);
        var line = lines.Resolve(request.Line).Id;
        request = request with { Line = line };
        if (await IsBlocked())
            throw Unavailable(language, line);
        if (await Open() is not null)
            throw new HotlineException(RefusalCodes.ChatAlreadyOpen, "A conversation is already open for you. Resume it instead of starting another.");
        var queue = GrainFactory.GetGrain<IQueueGrain>(queues.QueueFor(line, topic, language));
        if (await queue.CountWaiting() >= routingOptions.Value.MaxWaiting)
        {
            var local = lines.LocalReferrals(line);
            throw new HotlineException(RefusalCodes.QueueFull, referrals.QueueFull(language, local), ("alternatives", referrals.Alternatives(language, local)));
        }

        var conversation = GrainFactory.GetGrain<IConversationGrain>(conversationId);
        var started = await conversation.Start(request);
        Keep(conversationId);
        await state.WriteStateAsync();
        try
        {
            var status = await queue.Enqueue(Waiting(started));
            return new StartedChat(conversationId, status.Position, status.EstimatedWaitSeconds, status.CounselorsOnDuty);
        }
        catch (HotlineException)
        {
            // The queue filled up in the meantime: close the conversation rather than leave it waiting nowhere.
            await conversation.EndByWorker();
            throw;
        }
    }

    /// <summary>The page's "I agree" to the current notice; without it, or to an older notice, nothing starts.</summary>
    private ConversationConsent Agreed(string? consentVersion, Channel channel)
    {
        if (string.IsNullOrEmpty(consentVersion))
            throw new HotlineException(RefusalCodes.ChatConsentMissing, "Before a chat can start, please read the privacy notice above the start button and tick \"I agree\". If you are in danger, call 110, 120 or 12356 now.");
        if (consentVersion != PrivacyNotice.Version)
            throw new HotlineException(RefusalCodes.ChatConsentStale, "The privacy notice has changed since this page was opened. Reload the page, read the notice and agree again. If you are in danger, call 110, 120 or 12356 now.");
        var now = clock.GetUtcNow();
        return new ConversationConsent(consentVersion, channel, now, now);
    }

    /// <summary>By text and by phone the notice is in the first reply or the greeting; the conversation records the agreement when the worker goes on.</summary>
    private ConversationConsent NoticeGiven(Channel channel) => new(PrivacyNotice.Version, channel, clock.GetUtcNow(), null);

    public async Task<Guid?> GetCurrentConversation()
    {
        if (Current() is not { } current)
            return null;
        var conversation = GrainFactory.GetGrain<IConversationGrain>(current);
        if ((await conversation.GetSummary())?.Status == ConversationStatus.Queued)
        {
            // Idempotent: a no-op when it is already waiting, a repair if a crash cut StartChat short.
            var view = await conversation.GetView();
            await GrainFactory.GetGrain<IQueueGrain>(view.QueueName).Return(Waiting(view));
        }
        return current;
    }

    public async Task Block(DateTimeOffset until)
    {
        state.State.BlockedUntil = until;
        await state.WriteStateAsync();
    }

    public async Task<bool> IsBlocked() =>
        state.State.BlockedUntil > clock.GetUtcNow()
        || (state.State.Device is { } device && await GrainFactory.GetGrain<IWorkerGrain>(device).IsBlocked());

    /// <summary>Neutral, never "you are blocked", and with the other ways to get help at once.</summary>
    private HotlineException Unavailable(string language, string line)
    {
        var local = lines.LocalReferrals(line);
        return new(RefusalCodes.ChatUnavailable, referrals.Unavailable(language, local), ("alternatives", referrals.Alternatives(language, local)));
    }

    private void Keep(Guid conversationId)
    {
        var conversations = state.State.Conversations;
        conversations.Add(conversationId);
        conversations.RemoveRange(0, Math.Max(0, conversations.Count - Math.Max(1, retentionOptions.Value.ConversationsPerWorker)));
    }

    public async Task Unblock()
    {
        state.State.BlockedUntil = null;
        await state.WriteStateAsync();
    }

    private WaitingConversation Waiting(ConversationView view) =>
        new(view.ConversationId, view.Topic.Length == 0 ? null : view.Topic, view.Language, view.RiskLevel, clock.GetUtcNow(), Returning: false);

    public Task<IReadOnlyList<Guid>> GetConversations() => Task.FromResult<IReadOnlyList<Guid>>(state.State.Conversations.ToList());

    private Guid? Current() => state.State.Conversations.Count == 0 ? null : state.State.Conversations[^1];

    /// <summary>The latest conversation if it is still open (waiting or active).</summary>
    private async Task<Guid?> Open()
    {
        if (Current() is not { } current)
            return null;
        var summary = await GrainFactory.GetGrain<IConversationGrain>(current).GetSummary();
        return summary?.Status is ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active ? current : null;
    }
}
