using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Silo.Channels;
using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Grains;

/// <summary>
/// Conversations that came by phone. SMS: everything said to the worker is texted to them, in order, from a cursor
/// kept in state, so a crash resends rather than skips. Voice: once answered, the live call is redirected to TwiML
/// that dials the counsellor; the caller's hold loop connects an answered call too, should that redirect fail.
/// </summary>
public sealed partial class ConversationGrain
{
    private IGrainTimer? _texting;

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
            throw new HotlineException("Only a call can leave a voicemail.");
        if (!Uri.TryCreate(recordingUrl, UriKind.Absolute, out var recording) || recording.Scheme != Uri.UriSchemeHttps)
            throw new HotlineException("A voicemail's recording must be an https address.");
        if (!IsWaiting)
            return;
        var message = await Append(Sender.System, $"来电留言（voicemail）：{recording}", clock.GetUtcNow());
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

    /// <summary>Texts what is still to send. On a grain timer, so that sending never interleaves with a request.</summary>
    private void TextWorker()
    {
        if (_texting is not null || S.TextsStopped || S.PhoneNumber is null)
            return;
        _texting = this.RegisterGrainTimer(TextPending, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task TextPending(CancellationToken cancellationToken)
    {
        try
        {
            while (!S.TextsStopped && await Messages.FirstAfter(S, S.TextedUpTo, m => m.Sender != Sender.Worker) is { } next)
            {
                try
                {
                    var to = phoneNumbers.Open(S.PhoneNumber!, Id);
                    foreach (var part in SmsParts.Split(next.Text))
                        await twilio.SendText(to, part);
                }
                catch (TwilioUnavailableException e)
                {
                    // Given up after the retries: the counsellor sees it and can say it again; the cursor moves on.
                    logger.LogWarning(e, "Message {Seq} of conversation {ConversationId} could not be texted.", next.Seq, Id);
                    if (S.CounselorId is { } counselorId)
                        await Notifier.ToCounselor(counselorId, ClientEvents.MessageNotDelivered(Id, next.Seq, $"Not delivered by SMS: {e.Message}"));
                }
                S.TextedUpTo = next.Seq;
                await Commit();
            }
        }
        finally
        {
            _texting?.Dispose();
            _texting = null;
        }
    }

    /// <summary>Redirects the live call to the TwiML that dials its counsellor.</summary>
    private void PutCallThrough()
    {
        if (S.CallSid is not { } callSid)
            return;
        IGrainTimer? timer = null;
        timer = this.RegisterGrainTimer(async _ =>
        {
            timer?.Dispose();
            try
            {
                await twilio.RedirectCall(callSid, $"{twilioOptions.Value.PublicBaseUrl?.TrimEnd('/')}/api/twilio/voice/connect?conversationId={Id:N}");
            }
            catch (TwilioUnavailableException e)
            {
                logger.LogWarning(e, "Call of conversation {ConversationId} could not be redirected; its hold loop will connect it.", Id);
            }
        }, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }
}
