namespace Hotline.Contracts.Conversations;

/// <summary>
/// The privacy notice a worker is given before their first message (the worker page's notice and <c>/privacy</c>;
/// the short notice in the first SMS reply and the call greeting). Its version changes whenever what it says changes
/// in substance, together with <c>NOTICE_VERSION</c> in <c>wwwroot/chat/notice.js</c>: a page still showing an older
/// notice is then refused, so nobody agrees to words they were not shown.
/// </summary>
public static class PrivacyNotice
{
    public const string Version = "2026-12-02";
}

/// <summary>
/// How this conversation's worker was told and agreed. The web page's "I agree" gives both times at once; by text and
/// by phone the notice comes in the first reply or the greeting, and replying (SMS) or staying on the line until a
/// counsellor answers or a voicemail is left (voice) is the agreement, so <see cref="AgreedAt"/> is null until then.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ConversationConsent")]
public sealed record ConversationConsent(string NoticeVersion, Channel Channel, DateTimeOffset NoticeGivenAt, DateTimeOffset? AgreedAt);
