using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Phone;
using Hotline.Silo.Channels;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.PhoneRelayState")]
public sealed record PhoneRelayState
{
    /// <summary>The last message seq texted in full, or given up on; what follows it is still to send.</summary>
    [Id(0)] public long TextedUpTo { get; set; }

    /// <summary>How many <see cref="SmsParts"/> of the message after <see cref="TextedUpTo"/> Twilio has accepted.</summary>
    [Id(1)] public int PartsTexted { get; set; }
}

/// <summary>
/// Texts an SMS worker everything said to them (counsellor and supervisor messages, the hotline's own lines), in seq
/// order, and puts an answered call through; the conversation only signals it, one-way, after its commit. Texting
/// runs on a grain timer of this grain, so neither a slow Twilio nor an outage holds up the conversation's turns.
/// <list type="bullet">
/// <item>Slow: the relay waits (HttpClient's 10 s, Polly's quick retries); chat goes on meanwhile; texts queue behind.</item>
/// <item>Down (no answer, 429, 5xx): the part is tried again after 2 s, doubling to 1 min, and the cursor does not move,
/// so texts resume in order once Twilio is back. A message Twilio still cannot take <see cref="GiveUpAfter"/> after it
/// was written is given up, and its counsellor told (<c>MessageNotDelivered</c>), as is one Twilio refuses (4xx).</item>
/// <item>Signals repeated, stale or lost: the cursor makes repeats no-ops, and while the conversation is open a
/// reminder asks for what is new every minute, so a lost signal costs a minute and a restart needs no one to call.</item>
/// </list>
/// Parts: the cursor and the count of the next message's parts that Twilio accepted are stored after every accepted
/// part, so a part whose 201 was stored is never sent again, whatever fails later. What is not guaranteed: a part
/// Twilio took whose answer never got stored (the silo died or storage refused the write in between, or Twilio took it
/// after our timeout) is sent again. The Messages API as Hotline calls it takes no idempotency key, so the only way
/// never to repeat that part would be to risk never sending it; a worker in crisis is better served by a repeat.
/// </summary>
public sealed class PhoneRelayGrain(
    [PersistentState("phone-relay")] IPersistentState<PhoneRelayState> state,
    TwilioApi twilio,
    IOptions<TwilioOptions> twilioOptions,
    ILogger<PhoneRelayGrain> logger,
    TimeProvider clock) : Grain, IPhoneRelayGrain, IRemindable
{
    /// <summary>A text Twilio could not take for this long after it was written is given up.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    public const string Reminder = "phone-relay";

    private static readonly Backoff Retries = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    // Fetched from the conversation and still to text, oldest first; worker messages are never among them.
    private readonly Queue<ChatMessage> _toText = new();
    private long _fetchedUpTo;
    private IGrainTimer? _pass;
    private int _failures;
    private bool _reminded;

    private PhoneRelayState S => state.State;
    private Guid Id => this.GetPrimaryKey();
    private IConversationGrain Conversation => GrainFactory.GetGrain<IConversationGrain>(Id);

    public async Task TextsWaiting(long lastSeq)
    {
        if (lastSeq <= S.TextedUpTo && S.PartsTexted == 0)
            return;
        await KeepReminder();
        Schedule(TimeSpan.Zero);
    }

    public async Task PutCallThrough(string callSid)
    {
        try
        {
            await twilio.RedirectCall(callSid, $"{twilioOptions.Value.PublicBaseUrl?.TrimEnd('/')}/api/twilio/voice/connect?conversationId={Id:N}");
        }
        catch (TwilioUnavailableException e)
        {
            // Not retried: the caller's hold loop asks again every 10 s or so and connects an answered call itself.
            logger.LogWarning(e, "Call of conversation {ConversationId} could not be redirected; its hold loop will connect it.", Id);
        }
    }

    public Task<TextingProgress> GetProgress() => Task.FromResult(new TextingProgress(S.TextedUpTo, S.PartsTexted));

    public async Task Forget()
    {
        // This activation may not have heard of the reminder: look for it anyway.
        _reminded = true;
        await DropReminder();
        _pass?.Dispose();
        _pass = null;
        if (state.RecordExists)
            await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    /// <summary>Every minute while the conversation is open: a head check, and after a restart the wake-up.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminded = true;
        Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>A pass is due now or after a back-off; one already scheduled stands, so an outage is not hammered.</summary>
    private void Schedule(TimeSpan dueTime)
    {
        if (_pass is not null)
            return;
        _pass = this.RegisterGrainTimer(Pass, new GrainTimerCreationOptions { DueTime = dueTime, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task Pass(CancellationToken cancellationToken)
    {
        _pass?.Dispose();
        _pass = null;
        try
        {
            await TextPending();
        }
        catch (Exception e)
        {
            // The conversation or storage did not answer: what was not stored goes again.
            _failures++;
            logger.LogWarning(e, "Texting conversation {ConversationId} stopped ({Failures} in a row); trying again.", Id, _failures);
            Schedule(Retries.After(_failures));
        }
    }

    /// <summary>Texts part after part until caught up, STOP, or Twilio fails; the contact is read before each part, so STOP takes effect at once.</summary>
    private async Task TextPending()
    {
        while (true)
        {
            if (await Conversation.GetSmsContact() is not { TextsStopped: false } contact)
            {
                _toText.Clear();
                await DropReminder();
                return;
            }
            if (!state.RecordExists)
                S.TextedUpTo = Math.Max(S.TextedUpTo, contact.TextedBeforeRelay);
            var (next, open) = await Next();
            if (next is null)
            {
                // Nothing new comes once the conversation is over and its last lines are texted.
                if (!open)
                    await DropReminder();
                return;
            }

            var parts = SmsParts.Split(next.Text);
            if (S.PartsTexted < parts.Count)
            {
                try
                {
                    await twilio.SendText(contact.PhoneNumber, parts[S.PartsTexted]);
                    S.PartsTexted++;
                }
                catch (TwilioUnavailableException e) when (!e.Refused && clock.GetUtcNow() - next.SentAt < GiveUpAfter)
                {
                    _failures++;
                    var delay = Retries.After(_failures);
                    logger.LogWarning(e, "Message {Seq} of conversation {ConversationId} could not be texted yet ({Failures} in a row); trying again in {Delay}.", next.Seq, Id, _failures, delay);
                    Schedule(delay);
                    return;
                }
                catch (TwilioUnavailableException e)
                {
                    // The counsellor sees it and can say it again; the cursor moves on.
                    logger.LogWarning(e, "Message {Seq} of conversation {ConversationId} could not be texted; given up.", next.Seq, Id);
                    if (contact.CounselorId is { } counselorId)
                        await GrainFactory.GetGrain<INotifierGrain>(0).ToCounselor(counselorId, ClientEvents.MessageNotDelivered(Id, next.Seq, $"Not delivered by SMS: {e.Message}"));
                    S.PartsTexted = parts.Count;
                }
                _failures = 0;
            }
            if (S.PartsTexted >= parts.Count)
            {
                _toText.Dequeue();
                S.TextedUpTo = next.Seq;
                S.PartsTexted = 0;
            }
            await state.WriteOrReload(this);
        }
    }

    /// <summary>The next message to text, fetched from the conversation when none is left in hand; null once caught up, with whether the conversation is still open.</summary>
    private async Task<(ChatMessage? Next, bool Open)> Next()
    {
        while (_toText.Count == 0)
        {
            var tail = await Conversation.GetMessagesAfter(Math.Max(_fetchedUpTo, S.TextedUpTo));
            foreach (var message in tail.Messages.Where(m => m.Sender != Sender.Worker))
                _toText.Enqueue(message);
            if (tail.Messages.Count > 0)
                _fetchedUpTo = tail.Messages[^1].Seq;
            if (_toText.Count == 0 && (tail.Messages.Count == 0 || _fetchedUpTo >= tail.LastSeq))
                return (null, tail.Status is ConversationStatus.Queued or ConversationStatus.Offered or ConversationStatus.Active);
        }
        return (_toText.Peek(), true);
    }

    private async Task KeepReminder()
    {
        if (_reminded)
            return;
        try
        {
            await this.RegisterOrUpdateReminder(Reminder, Retries.Longest, Retries.Longest);
            _reminded = true;
        }
        catch (Exception e)
        {
            // The pass still runs; the next signal tries to register again.
            logger.LogWarning(e, "The texting reminder of conversation {ConversationId} could not be registered.", Id);
        }
    }

    private async Task DropReminder()
    {
        if (!_reminded)
            return;
        try
        {
            if (await this.GetReminder(Reminder) is { } reminder)
                await this.UnregisterReminder(reminder);
            _reminded = false;
        }
        catch (Exception e)
        {
            // It rings again in a minute, finds nothing to do, and tries again.
            logger.LogWarning(e, "The texting reminder of conversation {ConversationId} could not be removed.", Id);
        }
    }
}
