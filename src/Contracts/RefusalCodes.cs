using System.Reflection;

namespace Hotline.Contracts;

/// <summary>
/// Every refusal's stable code, <c>area.what</c>. A code never changes meaning once a page words it: the pages keep a
/// sentence for each in words/&lt;language&gt;/refusals.js (a test checks both languages have them all), so a new
/// refusal gets a new code here and its words there. Parameters are named in each code's English sentence.
/// </summary>
public static class RefusalCodes
{
    /// <summary>A refusal that carries no code of its own (one serialized by an older silo).</summary>
    public const string Refused = "request.refused";
    public const string RequestUnreadable = "request.unreadable";
    public const string BadId = "request.bad-id";
    public const string BadChoice = "request.bad-choice";
    public const string TooManyChats = "rate.too-many-chats";
    public const string TooManyMessages = "rate.too-many-messages";
    public const string TooManySignIns = "rate.too-many-sign-ins";

    public const string SignInWrong = "sign-in.wrong";
    public const string SignInDisabled = "sign-in.disabled";
    public const string SignInNoUser = "sign-in.no-user";

    // Sessions that end: a sign-in backed off after failures, and a token or connection whose account changed since.
    public const string SignInWait = "sign-in.wait";
    public const string SessionEnded = "session.ended";
    public const string SecondFactorChallengeInvalid = "second-factor.challenge-invalid";
    public const string SecondFactorTooManyWrong = "second-factor.too-many-wrong";
    public const string SecondFactorWrongCode = "second-factor.wrong-code";
    public const string SecondFactorCodeUsed = "second-factor.code-used";
    public const string SecondFactorWrongRecoveryCode = "second-factor.wrong-recovery-code";
    public const string SecondFactorCodeMissing = "second-factor.code-missing";
    public const string SecondFactorAlreadyEnrolled = "second-factor.already-enrolled";
    public const string SecondFactorNotEnrolled = "second-factor.not-enrolled";
    public const string SecondFactorNotStarted = "second-factor.not-started";
    public const string SecondFactorUnreadable = "second-factor.unreadable";

    public const string AccountUnknown = "account.unknown-user";
    public const string AccountNameTaken = "account.name-taken";
    public const string AccountNotCounselor = "account.not-counselor";
    public const string AccountBadUserName = "account.bad-user-name";
    public const string AccountBadDisplayName = "account.bad-display-name";
    public const string AccountBadRoles = "account.bad-roles";
    public const string AccountBadPhone = "account.bad-phone";
    public const string AccountBadCap = "account.bad-cap";
    public const string PasswordTooShort = "password.too-short";
    public const string PasswordHasUserName = "password.has-user-name";
    public const string PasswordTooSimple = "password.too-simple";

    public const string TopicUnknown = "catalog.unknown-topic";
    public const string LanguageUnknown = "catalog.unknown-language";
    public const string LineUnknown = "catalog.unknown-line";
    public const string LineOutOfScope = "line.out-of-scope";
    public const string TransferOtherLine = "transfer.other-line";

    public const string ChatAlreadyOpen = "chat.already-open";
    public const string ChatUnavailable = "chat.unavailable";
    public const string ChatWindowTaken = "chat.window-taken";
    public const string ChatNotStarted = "chat.not-started";
    public const string QueueFull = "chat.queue-full";
    public const string ResumeInvalid = "resume.invalid";
    public const string ResumeUnknown = "resume.unknown";
    public const string ResumeOtherConversation = "resume.other-conversation";

    public const string MessageEmpty = "message.empty";
    public const string MessageTooLong = "message.too-long";
    public const string MessageNul = "message.nul";
    public const string MessageBadClientId = "message.bad-client-id";

    public const string ConversationUnknown = "conversation.unknown";
    public const string ConversationNotYours = "conversation.not-yours";
    public const string ConversationAlreadyStarted = "conversation.already-started";
    public const string ConversationEnded = "conversation.ended";
    public const string ConversationAlreadyEnded = "conversation.already-ended";
    public const string ConversationNotActive = "conversation.not-active";
    public const string ConversationBadAfterSeq = "conversation.bad-after-seq";

    public const string CounselorNoProfile = "counselor.no-profile";
    public const string CounselorBadPresence = "counselor.bad-presence";
    public const string CounselorUnknown = "counselor.unknown";
    public const string OfferGone = "offer.gone";

    public const string ReferralMissing = "referral.missing";
    public const string ReferralUnknown = "referral.unknown";
    public const string ReferralOtherLine = "referral.other-line";

    public const string TransferMissing = "transfer.missing";
    public const string TransferEitherOr = "transfer.either-or";
    public const string TransferToSelf = "transfer.to-self";
    public const string TransferNoFreeSeat = "transfer.no-free-seat";
    public const string TransferNotAvailable = "transfer.not-available";
    public const string TransferNotActive = "transfer.not-active";
    public const string TransferNoteTooLong = "transfer.note-too-long";
    public const string TransferQueueUnknown = "transfer.unknown-queue";

    public const string WrapUpMissing = "wrap-up.missing";
    public const string WrapUpBeforeEnd = "wrap-up.before-end";
    public const string WrapUpAlreadySubmitted = "wrap-up.already-submitted";
    public const string WrapUpTopicUnknown = "wrap-up.unknown-topic";
    public const string WrapUpNoRisk = "wrap-up.no-risk";
    public const string WrapUpActionUnknown = "wrap-up.unknown-action";
    public const string WrapUpEmergencyUnanswered = "wrap-up.emergency-unanswered";
    public const string WrapUpNotesTooLong = "wrap-up.notes-too-long";

    public const string SurveyNotYet = "survey.not-yet";
    public const string SurveyAlreadyDone = "survey.already-done";
    public const string SurveyBadRating = "survey.bad-rating";
    public const string SurveyCommentTooLong = "survey.comment-too-long";

    public const string FollowUpUnknown = "follow-up.unknown";
    public const string FollowUpNotYours = "follow-up.not-yours";
    public const string FollowUpDone = "follow-up.done";

    public const string CannedReplyBadBody = "canned-reply.bad-body";
    public const string CannedReplyBadId = "canned-reply.bad-id";
    public const string CannedReplyFieldMissing = "canned-reply.field-missing";
    public const string CannedReplyFieldTooLong = "canned-reply.field-too-long";
    public const string CannedReplyTooMany = "canned-reply.too-many";
    public const string CannedReplyUnknown = "canned-reply.unknown";

    public const string AlertUnknown = "alert.unknown";
    public const string MonitorFirst = "monitor.first";
    public const string WhisperNoCounselor = "whisper.no-counselor";
    public const string JoinEnded = "join.ended";
    public const string SupervisorNotJoined = "join.not-joined";
    public const string ReassignMissingCounselor = "reassign.missing-counselor";
    public const string ReassignNotActive = "reassign.not-active";
    public const string ReassignSameCounselor = "reassign.same-counselor";

    public const string BlockNotYours = "block.not-yours";
    public const string BlockReasonTooLong = "block.reason-too-long";
    public const string BlockNoWorker = "block.no-worker";
    public const string BlockUnknown = "block.unknown";
    public const string BlockLengthInvalid = "block.length-invalid";

    public const string DeviceKeyInvalid = "device.key-invalid";

    public const string ArchiveNotFound = "archive.not-found";
    public const string ArchiveUnavailable = "archive.unavailable";
    public const string ArchiveTampered = "archive.tampered";

    public const string ReportDayMissing = "report.day-missing";
    public const string ReportBadDay = "report.bad-day";
    public const string ReportFromAfterTo = "report.from-after-to";
    public const string ReportRangeTooLong = "report.range-too-long";
    public const string ReportBadGrouping = "report.bad-grouping";
    public const string ReportBadFormat = "report.bad-format";

    public const string RotaBadCounselor = "rota.bad-counselor";
    public const string RotaUnknownCounselor = "rota.unknown-counselor";
    public const string RotaCounselorOtherLine = "rota.counselor-other-line";
    public const string RotaOtherLine = "rota.other-line";
    public const string RotaWeekdayOrDate = "rota.weekday-or-date";
    public const string RotaBadWeekday = "rota.bad-weekday";
    public const string RotaBadDate = "rota.bad-date";
    public const string RotaDatePast = "rota.date-past";
    public const string RotaDateTooFar = "rota.date-too-far";
    public const string RotaBadTime = "rota.bad-time";
    public const string RotaStartAtMidnight = "rota.start-at-midnight";
    public const string RotaEndBeforeStart = "rota.end-before-start";
    public const string RotaFull = "rota.full";
    public const string RotaShiftUnknown = "rota.unknown-shift";
    public const string RotaWeekNotMonday = "rota.week-not-monday";

    public const string VoicemailNotACall = "voicemail.not-a-call";
    public const string VoicemailBadRecording = "voicemail.bad-recording";
    public const string TwilioOff = "twilio.off";
    public const string TwilioNotForm = "twilio.not-form";
    public const string TwilioBadSignature = "twilio.bad-signature";
    public const string TwilioTooLarge = "twilio.too-large";
    public const string TwilioFieldMissing = "twilio.field-missing";

    // Abuse limits (issue 17): hub origins, connections, calls and new chats per address.
    public const string OriginRefused = "request.origin-refused";
    public const string TooManyCalls = "rate.too-many-calls";
    public const string TooManyConnections = "rate.too-many-connections";
    public const string ChatChallenge = "chat.challenge";
    public const string ChatTooManyWaiting = "chat.too-many-waiting";

    // Notice and consent (issue 18): a web chat starts only with the current notice agreed to.
    public const string ChatConsentMissing = "chat.consent-missing";
    public const string ChatConsentStale = "chat.consent-stale";

    // Editing the network of lines (PUT /api/admin/lines/{id}); the start-time check of seeds/lines.json says the same.
    public const string LineBadId = "line.bad-id";
    public const string LineIdMismatch = "line.id-mismatch";
    public const string LineListedTwice = "line.listed-twice";
    public const string LineBadName = "line.bad-name";
    public const string LineBadRegion = "line.bad-region";
    public const string LineUnknownParent = "line.unknown-parent";
    public const string LineOwnAncestor = "line.own-ancestor";
    public const string LineNotOneRoot = "line.not-one-root";
    public const string LineDefaultUnlisted = "line.default-unlisted";
    public const string LineBadDay = "line.bad-day";
    public const string LineBadTime = "line.bad-time";
    public const string LineBadHours = "line.bad-hours";
    public const string LineBadClosedDay = "line.bad-closed-day";
    public const string LineUnknownTimeZone = "line.unknown-time-zone";
    public const string LineBadSeats = "line.bad-seats";
    public const string LineBadBackupWait = "line.bad-backup-wait";
    public const string LineBadReferral = "line.bad-referral";
    public const string LineBadPhone = "line.bad-phone";
    public const string LineTooMany = "line.too-many";

    /// <summary>Every code above, for the test that checks each has words in every language.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(RefusalCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToList();
}
