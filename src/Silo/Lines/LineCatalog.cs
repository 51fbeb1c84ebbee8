using System.Text.Json;
using System.Text.RegularExpressions;
using Hotline.Contracts;
using Hotline.Contracts.Lines;

namespace Hotline.Silo.Lines;

/// <summary>
/// The network of lines one deployment serves, from seeds/lines.json: a tree under one root, and the default line a
/// worker reaches without choosing one (every conversation and account stored before lines existed belongs to it).
/// </summary>
public sealed partial class LineCatalog
{
    private readonly Dictionary<string, Line> _byId;

    public LineCatalog(IReadOnlyList<Line> lines, string defaultLine)
    {
        _byId = [];
        foreach (var line in lines)
        {
            if (!IdPattern().IsMatch(line.Id))
                throw new InvalidDataException($"'{line.Id}' is not a line id: 1–40 lower-case letters, digits or '-'.");
            if (!_byId.TryAdd(line.Id, line))
                throw new InvalidDataException($"The line '{line.Id}' is listed twice.");
        }
        foreach (var line in lines)
        {
            if (line.Parent is { } parent && !_byId.ContainsKey(parent))
                throw new InvalidDataException($"The line '{line.Id}' names the unknown parent '{parent}'.");
            // A loop would send a conversation's backup search round forever.
            var seen = new HashSet<string>();
            for (var at = line; at is not null; at = at.Parent is { } p ? _byId[p] : null)
                if (!seen.Add(at.Id))
                    throw new InvalidDataException($"The line '{line.Id}' is its own ancestor.");
            _ = TimeZoneOf(line);
        }
        if (!_byId.TryGetValue(defaultLine, out var fallback))
            throw new InvalidDataException($"The default line '{defaultLine}' is not listed.");
        All = lines;
        Default = fallback;
    }

    public IReadOnlyList<Line> All { get; }

    public Line Default { get; }

    public Line? Find(string? id) => id is not null && _byId.TryGetValue(id, out var line) ? line : null;

    /// <summary>The line a worker asked for (null: the default line); refused, with the choices, when it is not one of the network's.</summary>
    public Line Resolve(string? id) => id is null ? Default : Find(id)
        ?? throw new HotlineException(RefusalCodes.LineUnknown, "'{line}' is not a line of this hotline. Choose one of: {choices}.",
            ("line", id), ("choices", string.Join(", ", All.Select(l => l.Id))));

    /// <summary>The line stored with a record: one stored before lines existed (null) is the default line's.</summary>
    public string LineOf(string? stored) => string.IsNullOrEmpty(stored) ? Default.Id : stored;

    /// <summary>The lines stored with an account or profile: none (stored before lines existed) is the default line.</summary>
    public IReadOnlyList<string> Served(IReadOnlyList<string>? stored) => stored is { Count: > 0 } ? stored : [Default.Id];

    /// <summary>The line's parent, grandparent and so on up to the root, nearest first.</summary>
    public IReadOnlyList<Line> AncestorsOf(string id)
    {
        var ancestors = new List<Line>();
        for (var at = Find(id)?.Parent; at is not null; at = _byId[at].Parent)
            ancestors.Add(_byId[at]);
        return ancestors;
    }

    /// <summary>The referral entries local to a line: its own and those of the lines above it (a province's heart stations serve its cities).</summary>
    public IReadOnlyCollection<string> LocalReferrals(string id) =>
        [.. (Find(id) is { } line ? AncestorsOf(id).Prepend(line) : []).SelectMany(l => l.Referrals).Distinct()];

    /// <summary>Whether someone of line <paramref name="scope"/> serves <paramref name="line"/>: it is that line, or one under it.</summary>
    public bool Covers(string scope, string line) => scope == line || AncestorsOf(line).Any(a => a.Id == scope);

    /// <summary>The line and every line under it.</summary>
    public IReadOnlyList<Line> Under(string scope) => [.. All.Where(line => Covers(scope, line.Id))];

    /// <summary>Whether the line is staffed at <paramref name="at"/>: its hours, in its time zone, and not a day it is closed.</summary>
    public static bool IsOpen(Line line, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneOf(line));
        if (line.ClosedOn.Contains(DateOnly.FromDateTime(local.DateTime)))
            return false;
        if (line.Hours.Count == 0)
            return true;
        var time = local.TimeOfDay;
        return line.Hours.Any(span => span.Days.Contains(local.DayOfWeek) && time >= span.Open && time < span.Close);
    }

    private static TimeZoneInfo TimeZoneOf(Line line) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(line.TimeZone, out var zone) ? zone
            : throw new InvalidDataException($"The line '{line.Id}' names the unknown time zone '{line.TimeZone}'.");

    public static LineCatalog Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        return new LineCatalog([.. seed.Lines.Select(entry => entry.ToLine(path))], seed.Default);
    }

    public static LineCatalog LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "lines.json"));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["mon"] = DayOfWeek.Monday, ["tue"] = DayOfWeek.Tuesday, ["wed"] = DayOfWeek.Wednesday, ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["sat"] = DayOfWeek.Saturday, ["sun"] = DayOfWeek.Sunday,
    };

    private sealed record Seed(List<SeedLine> Lines, string Default);

    private sealed record SeedSpan(List<string> Days, string Open, string Close);

    private sealed record SeedLine(
        string Id, string Zh, string En, string Region, string? Parent, List<SeedSpan>? Hours, List<DateOnly>? ClosedOn,
        string? TimeZone, int? MinimumSeats, int? BackupAfterSeconds, List<string>? Referrals, string? PhoneNumber)
    {
        public Line ToLine(string path) => new(
            Id, Zh, En, Region, Parent,
            [.. (Hours ?? []).Select(span => new OpeningSpan(
                [.. span.Days.Select(day => Days.TryGetValue(day, out var d) ? d : throw new InvalidDataException($"{path}: '{day}' is not a day (mon … sun)."))],
                Time(span.Open, path), Time(span.Close, path)))],
            ClosedOn ?? [], TimeZone ?? "Asia/Shanghai", MinimumSeats ?? 1, BackupAfterSeconds ?? Line.DefaultBackupAfterSeconds,
            Referrals ?? [], PhoneNumber);

        private static TimeSpan Time(string text, string path) =>
            text == "24:00" ? TimeSpan.FromDays(1)
                : TimeOnly.TryParseExact(text, "HH:mm", out var time) ? time.ToTimeSpan()
                : throw new InvalidDataException($"{path}: '{text}' is not a time of day (HH:mm, or 24:00).");
    }
}
