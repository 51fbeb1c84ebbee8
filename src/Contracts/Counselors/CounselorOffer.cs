namespace Hotline.Contracts.Counselors;

/// <summary>
/// An offer of one waiting conversation to one counsellor, until it expires. <paramref name="Line"/> is the line the
/// counsellor was offered it as: the queue's own, or the ancestor line whose roster offered it as backup (null in an
/// offer made before backup existed: the queue's own).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorOffer")]
public sealed record CounselorOffer(Guid OfferId, string QueueName, Conversations.OfferDetails Details, DateTimeOffset ExpiresAt, string? Line = null);
