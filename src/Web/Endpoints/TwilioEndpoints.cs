using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Phone;
using Hotline.Silo;
using Hotline.Silo.Channels;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;
using Hotline.Web.Twilio;
using Microsoft.Extensions.Options;

namespace Hotline.Web.Endpoints;

/// <summary>
/// Twilio's webhooks: texts and calls in, TwiML out. Every request passes <see cref="TwilioSignatureFilter"/> first.
/// The calls' own pages (hold, connect, voicemail) carry the conversation id in their query string, which the
/// signature covers.
/// </summary>
public static class TwilioEndpoints
{
    private static readonly HashSet<string> FinalCallStatuses = ["completed", "busy", "failed", "no-answer", "canceled"];

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup("/api/twilio").AddEndpointFilter<TwilioSignatureFilter>().DisableAntiforgery();
        twilio.MapPost("/sms", ReceiveText);
        twilio.MapPost("/voice", ReceiveCall);
        twilio.MapPost("/voice/status", CallStatus);
        twilio.MapPost("/voice/hold", Hold);
        twilio.MapPost("/voice/connect", Connect);
        twilio.MapPost("/voice/voicemail", Voicemail);
        return app;
    }

    private static async Task<IResult> ReceiveText(HttpRequest request, IGrainFactory grains)
    {
        var form = request.Form;
        if (Required(form, "MessageSid", "From") is { } missing)
            return missing;
        var receipt = await grains.GetGrain<IPhoneLineGrain>(0).ReceiveText(new InboundText(form["MessageSid"]!, form["From"]!, form["Body"].ToString()));
        return receipt.Reply is { } reply ? Twiml.Respond(Twiml.Message(reply)) : Twiml.Respond();
    }

    private static async Task<IResult> ReceiveCall(HttpRequest request, IGrainFactory grains, IOptions<TwilioOptions> twilio, IConfiguration configuration)
    {
        var form = request.Form;
        if (Required(form, "CallSid", "From") is { } missing)
            return missing;
        var answer = await grains.GetGrain<IPhoneLineGrain>(0).ReceiveCall(new InboundCall(form["CallSid"]!, form["From"]!));
        if (answer.Refusal is { } refusal)
            return Twiml.Respond(Twiml.Say(refusal), Twiml.Hangup());
        return Twiml.Respond(Twiml.Say(PhoneScript.Greeting(twilio.Value.RecordCalls, PrivacyEndpoints.RetentionDays(configuration))), Twiml.Redirect(CallPage(twilio.Value, "hold", answer.ConversationId)));
    }

    private static async Task<IResult> CallStatus(HttpRequest request, IGrainFactory grains)
    {
        var form = request.Form;
        if (Required(form, "CallSid", "CallStatus") is { } missing)
            return missing;
        if (FinalCallStatuses.Contains(form["CallStatus"].ToString()))
        {
            try
            {
                await grains.GetGrain<IConversationGrain>(CallConversations.IdOf(form["CallSid"]!)).CallEnded();
            }
            catch (HotlineException)
            {
                // A call that never became a conversation (refused at the door): nothing to close.
            }
        }
        return Twiml.Respond();
    }

    /// <summary>The caller's hold loop: music or a short message, then again; past the overflow time, the alternatives and a voicemail.</summary>
    private static async Task<IResult> Hold(Guid conversationId, IGrainFactory grains, IOptions<TwilioOptions> options, Referrals referrals, LineCatalog lines)
    {
        var twilio = options.Value;
        var progress = await grains.GetGrain<IConversationGrain>(conversationId).GetCallProgress();
        switch (progress.Status)
        {
            case ConversationStatus.Active:
                return await Connect(conversationId, grains, options, referrals, lines);
            case ConversationStatus.Queued or ConversationStatus.Offered when progress.PastOverflow:
                return Twiml.Respond(
                    Twiml.Gather(CallPage(twilio, "voicemail", conversationId), Twiml.Say(PhoneScript.AlternativesAndVoicemail(
                        referrals, lines.LocalReferrals(await grains.GetGrain<IConversationGrain>(conversationId).GetLine())))),
                    Twiml.Redirect(CallPage(twilio, "hold", conversationId)));
            case ConversationStatus.Queued or ConversationStatus.Offered:
                return Twiml.Respond(
                    twilio.HoldMusicUrl is { Length: > 0 } music ? Twiml.Play(music) : Twiml.Say(PhoneScript.StillWaiting),
                    Twiml.Pause(10),
                    Twiml.Redirect(CallPage(twilio, "hold", conversationId)));
            default:
                return Twiml.Respond(Twiml.Say(PhoneScript.Goodbye), Twiml.Hangup());
        }
    }

    /// <summary>Where an answered call is redirected: it dials the counsellor, whose number the caller never hears.</summary>
    private static async Task<IResult> Connect(Guid conversationId, IGrainFactory grains, IOptions<TwilioOptions> options, Referrals referrals, LineCatalog lines)
    {
        var progress = await grains.GetGrain<IConversationGrain>(conversationId).GetCallProgress();
        if (progress is not { Status: ConversationStatus.Active, CounselorId: { } counselorId })
            return await Hold(conversationId, grains, options, referrals, lines);
        var profile = await grains.GetGrain<ICounselorGrain>(counselorId).GetProfile();
        return Twiml.Respond(Twiml.Say(PhoneScript.Connecting), Twiml.Dial(profile?.PhoneNumber, counselorId, options.Value.RecordCalls), Twiml.Say(PhoneScript.Goodbye));
    }

    private static async Task<IResult> Voicemail(Guid conversationId, HttpRequest request, IGrainFactory grains, IOptions<TwilioOptions> options)
    {
        var form = request.Form;
        if (form["RecordingUrl"].ToString() is { Length: > 0 } recording)
        {
            await grains.GetGrain<IConversationGrain>(conversationId).LeaveVoicemail(recording);
            return Twiml.Respond(Twiml.Say(PhoneScript.VoicemailThanks), Twiml.Hangup());
        }
        if (form["Digits"] == "1")
            return Twiml.Respond(Twiml.Say(PhoneScript.VoicemailPrompt), Twiml.Record(CallPage(options.Value, "voicemail", conversationId)));
        return Twiml.Respond(Twiml.Redirect(CallPage(options.Value, "hold", conversationId)));
    }

    private static string CallPage(TwilioOptions twilio, string page, Guid conversationId) =>
        $"{twilio.PublicBaseUrl!.TrimEnd('/')}/api/twilio/voice/{page}?conversationId={conversationId:N}";

    private static IResult? Required(IFormCollection form, params string[] names) =>
        names.FirstOrDefault(n => string.IsNullOrWhiteSpace(form[n])) is { } missing
            ? Results.Problem(RefusalProblem.Of(StatusCodes.Status400BadRequest, "The request was refused",
                new HotlineException(RefusalCodes.TwilioFieldMissing, "'{field}' is required.", ("field", missing))))
            : null;

}
