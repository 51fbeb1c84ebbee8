using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Queues;

namespace Hotline.Contracts.Delivery;

[GenerateSerializer, Immutable, Alias("hotline.CounselorJoined")]
public sealed record CounselorJoined(string DisplayName);

[GenerateSerializer, Immutable, Alias("hotline.ChatEnded")]
public sealed record ChatEnded(string Reason);

/// <summary>
/// <paramref name="Channel"/> says how the worker reached us: a voice offer is a phone call, and accepting it rings the counsellor.
/// <paramref name="SentAt"/> is the server's clock when the offer went out: with <paramref name="ExpiresAt"/> it says how long the
/// offer has left, whatever the desk's own clock says.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.OfferReceived")]
public sealed record OfferReceived(Guid OfferId, Guid ConversationId, string Topic, RiskLevel RiskLevel, int WaitedSeconds, string Preview, DateTimeOffset ExpiresAt, string? Note, Channel Channel, DateTimeOffset SentAt, string? Line, string? AnsweringLine);

[GenerateSerializer, Immutable, Alias("hotline.WorkerTyping")]
public sealed record WorkerTyping(Guid ConversationId);

/// <summary>A message of an SMS or voice conversation that could not be passed on to the worker; the counsellor may say it again.</summary>
[GenerateSerializer, Immutable, Alias("hotline.MessageNotDelivered")]
public sealed record MessageNotDelivered(Guid ConversationId, long Seq, string Reason);

[GenerateSerializer, Immutable, Alias("hotline.OfferWithdrawn")]
public sealed record OfferWithdrawn(Guid OfferId);

[GenerateSerializer, Immutable, Alias("hotline.PresenceChanged")]
public sealed record PresenceChanged(Presence Presence, string Reason);

/// <summary>A conversation handed straight to this counsellor by a colleague.</summary>
[GenerateSerializer, Immutable, Alias("hotline.ConversationAssigned")]
public sealed record ConversationAssigned(Guid ConversationId, ConversationStatus Status, IReadOnlyList<ChatMessage> Messages, string Topic, RiskLevel RiskLevel, string? Note, string Language);

[GenerateSerializer, Immutable, Alias("hotline.RiskChanged")]
public sealed record RiskChanged(Guid ConversationId, RiskLevel RiskLevel);

[GenerateSerializer, Immutable, Alias("hotline.ConversationEnded")]
public sealed record ConversationEnded(Guid ConversationId, string Reason);

/// <summary>To the worker: their counsellor is typing (nothing is stored).</summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorTyping")]
public sealed record CounselorTyping;

/// <summary>To the counsellor: the worker used quick exit; the conversation stays open for them until <paramref name="ResumableUntil"/>.</summary>
[GenerateSerializer, Immutable, Alias("hotline.WorkerLeftInHurry")]
public sealed record WorkerLeftInHurry(Guid ConversationId, DateTimeOffset ResumableUntil);

/// <summary>To the counsellor: the worker who left in a hurry is back.</summary>
[GenerateSerializer, Immutable, Alias("hotline.WorkerReturned")]
public sealed record WorkerReturned(Guid ConversationId);

/// <summary>The public contract's event names, in one place.</summary>
public static class ClientEvents
{
    /// <summary>Sent by a web node to its own connections, with no payload, when events may have been lost on the way to it.</summary>
    public const string CatchUpName = "CatchUp";

    public static ClientEvent QueueUpdated(QueueStatus status) => new(nameof(QueueUpdated), status);

    public static ClientEvent CounselorJoined(string displayName) => new(nameof(CounselorJoined), new CounselorJoined(displayName));

    public static ClientEvent MessageReceived(ChatMessage message) => new(nameof(MessageReceived), message);

    public static ClientEvent ChatEnded(string reason) => new(nameof(ChatEnded), new ChatEnded(reason));

    public static ClientEvent WorkerTyping(Guid conversationId) => new(nameof(WorkerTyping), new WorkerTyping(conversationId));

    public static ClientEvent MessageNotDelivered(Guid conversationId, long seq, string reason) =>
        new(nameof(MessageNotDelivered), new MessageNotDelivered(conversationId, seq, reason));

    public static ClientEvent OfferReceived(CounselorOffer offer, DateTimeOffset now) => new(nameof(OfferReceived), new OfferReceived(
        offer.OfferId,
        offer.Details.ConversationId,
        offer.Details.Topic,
        offer.Details.RiskLevel,
        (int)Math.Max(0, (now - offer.Details.EnqueuedAt).TotalSeconds),
        offer.Details.Preview,
        offer.ExpiresAt,
        offer.Details.Note,
        offer.Details.Channel,
        now,
        offer.Details.Line,
        offer.Line ?? offer.Details.Line));

    public static ClientEvent AlertRaised(Supervision.Alert alert) => new(nameof(AlertRaised), alert);

    public static ClientEvent StatsUpdated(Supervision.StatsSnapshot snapshot) => new(nameof(StatsUpdated), snapshot);

    public static ClientEvent AlertAcknowledged(Supervision.Alert alert) => new(nameof(AlertAcknowledged), alert);

    public static ClientEvent WhisperReceived(Whisper whisper) => new(nameof(WhisperReceived), whisper);

    public static ClientEvent RiskChanged(Guid conversationId, RiskLevel level) => new(nameof(RiskChanged), new RiskChanged(conversationId, level));

    public static ClientEvent PresenceChanged(Presence presence, string reason) => new(nameof(PresenceChanged), new PresenceChanged(presence, reason));

    public static ClientEvent ConversationAssigned(ConversationView view) => new(nameof(ConversationAssigned),
        new ConversationAssigned(view.ConversationId, view.Status, view.Messages, view.Topic, view.RiskLevel, view.TransferNote, view.Language));

    public static ClientEvent OfferWithdrawn(Guid offerId) => new(nameof(OfferWithdrawn), new OfferWithdrawn(offerId));

    public static ClientEvent ConversationEnded(Guid conversationId, string reason) => new(nameof(ConversationEnded), new ConversationEnded(conversationId, reason));

    public static ClientEvent CounselorTyping() => new(nameof(CounselorTyping), new CounselorTyping());

    public static ClientEvent WorkerLeftInHurry(Guid conversationId, DateTimeOffset resumableUntil) =>
        new(nameof(WorkerLeftInHurry), new WorkerLeftInHurry(conversationId, resumableUntil));

    public static ClientEvent WorkerReturned(Guid conversationId) => new(nameof(WorkerReturned), new WorkerReturned(conversationId));
}

/// <summary>Why a conversation ended, as the other party is told.</summary>
public static class EndReasons
{
    public const string CounselorEnded = "counselor-ended";
    public const string WorkerEnded = "worker-ended";
    public const string WorkerDisconnected = "worker-disconnected";
    public const string Transferred = "transferred";
    public const string CounselorDisconnected = "counselor-disconnected";
    public const string MissedOffers = "missed-offers";
    public const string Reassigned = "reassigned";
    public const string TextsStopped = "texts-stopped";
    public const string CallerHungUp = "caller-hung-up";
    public const string Voicemail = "voicemail";
    public const string Expired = "expired";
}
