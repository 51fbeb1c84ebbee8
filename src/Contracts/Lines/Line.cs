namespace Hotline.Contracts.Lines;

/// <summary>
/// A line (热线): the unit of service, with its own queues, staff and referrals. Lines form a tree: a city line's
/// parent is its province's line, a province's is the national line.
/// </summary>
/// <param name="Region">The national administrative division code (110000 Beijing, 410300 Luoyang).</param>
/// <param name="Hours">When the line is staffed, in <paramref name="TimeZone"/>; empty for around the clock.</param>
/// <param name="ClosedOn">Days the line is closed (holidays), in its time zone.</param>
/// <param name="Referrals">Ids of the referral entries local to this line (its union's heart stations, say).</param>
/// <param name="PhoneNumber">The line's Twilio number, in E.164; null when it takes no calls or texts of its own.</param>
[GenerateSerializer, Immutable, Alias("hotline.Line")]
public sealed record Line(
    string Id,
    string Zh,
    string En,
    string Region,
    string? Parent,
    IReadOnlyList<OpeningSpan> Hours,
    IReadOnlyList<DateOnly> ClosedOn,
    string TimeZone,
    int MinimumSeats,
    int BackupAfterSeconds,
    IReadOnlyList<string> Referrals,
    string? PhoneNumber)
{
    public const int DefaultBackupAfterSeconds = 60;

    public string Name(string language) => language == "en" ? En : Zh;
}

/// <summary>Open from <paramref name="Open"/> to <paramref name="Close"/> on each of <paramref name="Days"/>; a close of 24:00 is midnight.</summary>
[GenerateSerializer, Immutable, Alias("hotline.OpeningSpan")]
public sealed record OpeningSpan(IReadOnlyList<DayOfWeek> Days, TimeSpan Open, TimeSpan Close);
