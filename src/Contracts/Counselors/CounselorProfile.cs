namespace Hotline.Contracts.Counselors;

/// <summary>
/// <paramref name="PhoneNumber"/>: where calls are put through to (E.164); without one, calls ring their browser (Twilio Client).
/// <paramref name="Lines"/>: the lines whose queues they take conversations from (their account's); null for the default line.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.CounselorProfile")]
public sealed record CounselorProfile(string DisplayName, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, int MaxConcurrentChats, string? PhoneNumber = null,
    IReadOnlyList<string>? Lines = null);
