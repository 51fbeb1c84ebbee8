namespace Hotline.Contracts.Counselors;

[GenerateSerializer, Immutable, Alias("hotline.CounselorProfile")]
public sealed record CounselorProfile(string DisplayName, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, int MaxConcurrentChats);
