namespace Hotline.Contracts.Counselors;

/// <summary>A ready reply a counsellor can pick, edit and send; titles and texts in both languages of the line.</summary>
[GenerateSerializer, Immutable, Alias("hotline.CannedReply")]
public sealed record CannedReply(string Id, string TitleZh, string TitleEn, string TextZh, string TextEn);
