namespace Hotline.Contracts.Counselors;

/// <summary><paramref name="PhoneNumber"/>: where calls are put through to (E.164); without one, calls ring their browser (Twilio Client).</summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorProfile")]
public sealed record CounselorProfile(string DisplayName, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, int MaxConcurrentChats, string? PhoneNumber = null);
