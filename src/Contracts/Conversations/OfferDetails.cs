namespace Hotline.Contracts.Conversations;

/// <summary>What a counsellor needs to decide on an offer.</summary>
[GenerateSerializer, Immutable, Alias("hotline.OfferDetails")]
public sealed record OfferDetails(Guid ConversationId, string Topic, string Language, RiskLevel RiskLevel, string Preview, DateTimeOffset EnqueuedAt, string? Note, Channel Channel = Channel.Web, string? Line = null);
