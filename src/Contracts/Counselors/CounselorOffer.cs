namespace Hotline.Contracts.Counselors;

/// <summary>An offer of one waiting conversation to one counsellor, until it expires.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorOffer")]
public sealed record CounselorOffer(Guid OfferId, string QueueName, Conversations.OfferDetails Details, DateTimeOffset ExpiresAt);
