using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Phone;

namespace Hotline.Silo.Grains;

/// <summary>
/// Conversations that came by phone: the conversation's own rules (STOP, hang-up, voicemail, where a call stands).
/// Twilio is <see cref="PhoneRelayGrain"/>'s: after each commit the conversation tells it one-way what there is to
/// text, or that a call was answered, and never waits on Twilio. The caller's hold loop connects an answered call
/// too, should the redirect fail.
/// </summary>
public sealed partial class ConversationGrain
{
    public async Task StopTexts()
    {
        EnsureExists();
        S.TextsStopped = true;
        await Commit();
        await EndForWorker(EndReasons.TextsStopped);
    }

    public async Task CallEnded()
    {
        EnsureExists();
        await EndForWorker(EndReasons.CallerHungUp);
    }

    public async Task LeaveVoicemail(string recordingUrl)
    {
        EnsureExists();
        if (S.Channel != Channel.Voice)
            throw new HotlineException(RefusalCodes.VoicemailNotACall, "Only a call can leave a voicemail.");
        if (!Uri.TryCreate(recordingUrl, UriKind.Absolute, out var recording) || recording.Scheme != Uri.UriSchemeHttps)
            throw new HotlineException(RefusalCodes.VoicemailBadRecording, "A voicemail's recording must be an https address.");
        if (!IsWaiting)
            return;
        var message = await Append(Sender.System, $"来电留言（voicemail）：{recording}", clock.GetUtcNow());
        AgreeByGoingOn();
        await Commit();
        await Publish(message);
        await EndForWorker(EndReasons.Voicemail);
    }

    public Task<CallProgress> GetCallProgress()
    {
        EnsureExists();
        var pastOverflow = clock.GetUtcNow() - S.CreatedAt >= TimeSpan.FromSeconds(routingOptions.Value.OverflowSeconds);
        return Task.FromResult(new CallProgress(S.Status, pastOverflow, S.CounselorId));
    }

    /// <summary>A line from the hotline to the worker, kept in the conversation (and so texted, for SMS).</summary>
    private async Task SayToWorker(string text)
    {
        var message = await Append(Sender.System, text, clock.GetUtcNow());
        await Commit();
        await Publish(message);
    }

    public Task<SmsContact?> GetSmsContact() => Task.FromResult(state.RecordExists && S.PhoneNumber is { } phoneNumber
        ? new SmsContact(phoneNumbers.Open(phoneNumber, Id), S.TextsStopped, S.CounselorId, S.TextedUpTo)
        : null);

    private IPhoneRelayGrain Relay => GrainFactory.GetGrain<IPhoneRelayGrain>(Id);

    /// <summary>SMS: tells the relay, one-way, what is stored now; it texts what the worker has not had.</summary>
    private Task TellRelay() => S.Channel == Channel.Sms && !S.TextsStopped ? Relay.TextsWaiting(LastSeq) : Task.CompletedTask;

    /// <summary>Voice: the relay redirects the live call to the TwiML that dials its counsellor, one-way.</summary>
    private Task PutCallThrough() => S.Channel == Channel.Voice && S.CallSid is { } callSid ? Relay.PutCallThrough(callSid) : Task.CompletedTask;
}
