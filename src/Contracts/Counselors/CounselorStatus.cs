namespace Hotline.Contracts.Counselors;

[GenerateSerializer, Immutable, Alias("hotline.CounselorStatus")]
public sealed record CounselorStatus(Presence Presence, IReadOnlyList<Guid> Conversations, CounselorOffer? PendingOffer);
