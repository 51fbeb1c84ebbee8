namespace Hotline.Contracts.Phone;

/// <summary>A text as Twilio hands it over; the number is only passed through, to be keyed and sealed.</summary>
[GenerateSerializer, Immutable, Alias("hotline.InboundText")]
public sealed record InboundText(string MessageSid, string From, string Body);

public enum TextOutcome
{
    /// <summary>A new conversation is waiting; the reply says where in the queue.</summary>
    Started,

    /// <summary>Added to the sender's open conversation.</summary>
    Continued,

    /// <summary>Twilio sent the same message again; it counted once already.</summary>
    Duplicate,

    /// <summary>STOP: the conversation ended, and no more texts go to this number.</summary>
    Stopped,

    /// <summary>No conversation could start (queue full, or not now); the reply says where else to get help.</summary>
    Refused,
}

/// <param name="Reply">What to text back at once, if anything.</param>
[GenerateSerializer, Immutable, Alias("hotline.TextReceipt")]
public sealed record TextReceipt(TextOutcome Outcome, string? Reply);

[GenerateSerializer, Immutable, Alias("hotline.InboundCall")]
public sealed record InboundCall(string CallSid, string From);

/// <summary>A call taken: its conversation is queued, or it was refused and <paramref name="Refusal"/> is to be said before hanging up.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CallAnswer")]
public sealed record CallAnswer(Guid ConversationId, string Language, string? Refusal);

/// <summary>
/// The hotline's phone line: where texts and calls arrive from Twilio. It turns a number into its pseudonymous
/// worker key, so that nothing past it (and nothing stored) holds the number in clear.
/// </summary>
public interface IPhoneLineGrain : IGrainWithIntegerKey
{
    Task<TextReceipt> ReceiveText(InboundText text);

    Task<CallAnswer> ReceiveCall(InboundCall call);
}

public static class CallConversations
{
    /// <summary>A call's conversation id follows from its CallSid, so that Twilio's retries and status callbacks find it without a lookup.</summary>
    public static Guid IdOf(string callSid)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("hotline-call:" + callSid));
        return new Guid(hash.AsSpan(0, 16));
    }
}
