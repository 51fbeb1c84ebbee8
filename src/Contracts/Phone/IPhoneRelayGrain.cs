namespace Hotline.Contracts.Phone;

/// <summary>
/// Relays one phone conversation to Twilio, keyed by the conversation's id: texts to an SMS worker, in order, from a
/// cursor of its own; the redirect that puts an answered call through. The conversation only ever tells it, one-way,
/// after its own commit, so a slow or absent Twilio never holds up a chat message.
/// </summary>
public interface IPhoneRelayGrain : IGrainWithGuidKey
{
    /// <summary>
    /// SMS: the conversation has stored its messages up to <paramref name="lastSeq"/>; those the worker has not had
    /// are texted. A repeated or stale signal sends nothing twice.
    /// </summary>
    [Orleans.Concurrency.OneWay] Task TextsWaiting(long lastSeq);

    /// <summary>Voice: a counsellor answered; the live call <paramref name="callSid"/> is redirected to the TwiML that dials them.</summary>
    [Orleans.Concurrency.OneWay] Task PutCallThrough(string callSid);

    /// <summary>How far texting has got; answered between two parts, never while one is with Twilio.</summary>
    Task<TextingProgress> GetProgress();

    /// <summary>
    /// Retention: the conversation is being forgotten, and so is its cursor. One-way, because a pass of the relay may be
    /// waiting on the conversation at that moment.
    /// </summary>
    [Orleans.Concurrency.OneWay] Task Forget();
}

/// <param name="TextedUpTo">Every message up to this seq has been texted, or given up and the counsellor told.</param>
/// <param name="PartsTexted">Parts of the next message Twilio has already accepted; they are never sent again.</param>
[GenerateSerializer, Immutable, Alias("hotline.TextingProgress")]
public sealed record TextingProgress(long TextedUpTo, int PartsTexted);

/// <summary>Where an SMS conversation's texts go, as its relay needs it for the next text.</summary>
/// <param name="PhoneNumber">In clear, to text: the relay keeps it in memory only, never in its state or its logs.</param>
/// <param name="TextsStopped">The worker texted STOP: nothing more is texted.</param>
/// <param name="CounselorId">Who holds the conversation, to hear of a text that could not be sent.</param>
/// <param name="TextedBeforeRelay">A conversation older than the relay kept its own cursor; its relay starts from it (0 for newer ones).</param>
[GenerateSerializer, Immutable, Alias("hotline.SmsContact")]
public sealed record SmsContact(string PhoneNumber, bool TextsStopped, string? CounselorId, long TextedBeforeRelay);
