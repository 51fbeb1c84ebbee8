using System.Text.Json;
using System.Text.RegularExpressions;
using Hotline.Contracts;
using Hotline.Contracts.Lines;

namespace Hotline.Silo.Lines;

/// <summary>
/// The network of lines one deployment serves: a tree under one root, and the default line a worker reaches without
/// choosing one (every conversation and account stored before lines existed belongs to it). It starts from
/// seeds/lines.json; a network admin's edits (<see cref="ILineNetworkGrain"/>) replace the whole network at once
/// (<see cref="Replace"/>), so that every read sees one checked network, never half of an edit. Reads take no lock.
/// </summary>
public sealed partial class LineCatalog
{
    public const int MaxLines = 1000;
    public const int MaxNameLength = 100;
    public const int MaxSpans = 14;
    public const int MaxClosedDays = 400;
    public const int MaxSeats = 100;
    public const int MaxBackupAfterSeconds = 3600;
    public const int MaxReferrals = 20;

    private volatile Network _now;

    /// <summary>Refused at start (a wrong network file stops it) with the first thing wrong.</summary>
    public LineCatalog(IReadOnlyList<Line> lines, string defaultLine)
    {
        try
        {
            _now = Check(lines, defaultLine, 0);
        }
        catch (HotlineException wrong)
        {
            throw new InvalidDataException(wrong.Message, wrong);
        }
        Seeded = lines;
    }

    /// <summary>The lines as seeds/lines.json lists them: the network until an admin first edits it.</summary>
    public IReadOnlyList<Line> Seeded { get; }

    /// <summary>The edit the network is at: 0 for the seed, one more for each admin's edit (<see cref="ILineNetworkGrain"/>).</summary>
    public long Version => _now.Version;

    public IReadOnlyList<Line> All => _now.All;

    public Line Default => _now.Default;

    public Line? Find(string? id) => _now.Find(id);

    /// <summary>
    /// The network as of <paramref name="version"/>, when that is newer than this one's: checked whole, then swapped in
    /// at once. The default line stays the seed's (its queues keep the names stored before lines existed).
    /// </summary>
    public void Replace(long version, IReadOnlyList<Line> lines)
    {
        var next = Check(lines, Default.Id, version);
        var now = _now;
        while (version > now.Version && Interlocked.CompareExchange(ref _now, next, now) is var seen && seen != now)
            now = seen;
    }

    /// <summary>Whether <paramref name="lines"/> make a network with <paramref name="defaultLine"/>; refused with the first thing wrong.</summary>
    public static void Validate(IReadOnlyList<Line> lines, string defaultLine) => Check(lines, defaultLine, 0);

    /// <summary>The line a worker asked for (null: the default line); refused, with the choices, when it is not one of the network's.</summary>
    public Line Resolve(string? id)
    {
        var now = _now;
        return id is null ? now.Default : now.Find(id)
            ?? throw new HotlineException(RefusalCodes.LineUnknown, "'{line}' is not a line of this hotline. Choose one of: {choices}.",
                ("line", id), ("choices", string.Join(", ", now.All.Select(l => l.Id))));
    }

    /// <summary>The line stored with a record: one stored before lines existed (null) is the default line's.</summary>
    public string LineOf(string? stored) => string.IsNullOrEmpty(stored) ? Default.Id : stored;

    /// <summary>The lines stored with an account or profile: none (stored before lines existed) is the default line.</summary>
    public IReadOnlyList<string> Served(IReadOnlyList<string>? stored) => stored is { Count: > 0 } ? stored : [Default.Id];

    /// <summary>The line's parent, grandparent and so on up to the root, nearest first.</summary>
    public IReadOnlyList<Line> AncestorsOf(string id) => _now.AncestorsOf(id);

    /// <summary>The referral entries local to a line: its own and those of the lines above it (a province's heart stations serve its cities).</summary>
    public IReadOnlyCollection<string> LocalReferrals(string id)
    {
        var now = _now;
        return [.. (now.Find(id) is { } line ? now.AncestorsOf(id).Prepend(line) : []).SelectMany(l => l.Referrals).Distinct()];
    }

    /// <summary>Whether someone of line <paramref name="scope"/> serves <paramref name="line"/>: it is that line, or one under it.</summary>
    public bool Covers(string scope, string line) => _now.Covers(scope, line);

    /// <summary>The line and every line under it.</summary>
    public IReadOnlyList<Line> Under(string scope)
    {
        var now = _now;
        return [.. now.All.Where(line => now.Covers(scope, line.Id))];
    }

    /// <summary>Whether the line is staffed at <paramref name="at"/>: its hours, in its time zone, and not a day it is closed.</summary>
    public static bool IsOpen(Line line, DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(line.TimeZone));
        if (line.ClosedOn.Contains(DateOnly.FromDateTime(local.DateTime)))
            return false;
        if (line.Hours.Count == 0)
            return true;
        var time = local.TimeOfDay;
        return line.Hours.Any(span => span.Days.Contains(local.DayOfWeek) && time >= span.Open && time < span.Close);
    }

    public static LineCatalog Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, JsonSerializerOptions.Web) ?? throw new InvalidDataException($"{path} is empty.");
        try
        {
            return new LineCatalog([.. seed.Lines.Select(entry => entry.ToLine(entry.Id ?? ""))], seed.Default);
        }
        catch (Exception wrong) when (wrong is HotlineException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: {wrong.Message}", wrong);
        }
    }

    public static LineCatalog LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "lines.json"));

    private static Network Check(IReadOnlyList<Line> lines, string defaultLine, long version)
    {
        if (lines.Count > MaxLines)
            throw new HotlineException(RefusalCodes.LineTooMany, "A network holds at most {max} lines.", ("max", MaxLines));
        var byId = new Dictionary<string, Line>();
        foreach (var line in lines)
        {
            CheckLine(line);
            if (!byId.TryAdd(line.Id, line))
                throw new HotlineException(RefusalCodes.LineListedTwice, "The line '{line}' is listed twice.", ("line", line.Id));
        }
        foreach (var line in lines)
        {
            if (line.Parent is { } parent && !byId.ContainsKey(parent))
                throw new HotlineException(RefusalCodes.LineUnknownParent, "The line '{line}' names the unknown parent '{parent}'.", ("line", line.Id), ("parent", parent));
            // A loop would send a conversation's backup search round forever.
            var seen = new HashSet<string>();
            for (var at = line; at is not null; at = at.Parent is { } p ? byId[p] : null)
                if (!seen.Add(at.Id))
                    throw new HotlineException(RefusalCodes.LineOwnAncestor, "The line '{line}' would be its own ancestor.", ("line", line.Id));
        }
        // One root: backup ends at one line above every other.
        if (lines.Where(line => line.Parent is null).Select(line => line.Id).ToList() is { Count: not 1 } roots)
            throw new HotlineException(RefusalCodes.LineNotOneRoot, "Exactly one line must have no parent; these have none: {roots}.", ("roots", string.Join(", ", roots)));
        if (!byId.TryGetValue(defaultLine, out var fallback))
            throw new HotlineException(RefusalCodes.LineDefaultUnlisted, "The default line '{line}' is not listed.", ("line", defaultLine));
        return new Network(byId, lines, fallback, version);
    }

    private static void CheckLine(Line line)
    {
        if (!IdPattern().IsMatch(line.Id))
            throw new HotlineException(RefusalCodes.LineBadId, "'{line}' is not a line id: 1–40 lower-case letters, digits or '-'.", ("line", line.Id));
        if (new[] { line.Zh, line.En }.Any(name => string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
            throw new HotlineException(RefusalCodes.LineBadName, "The line '{line}' needs a Chinese and an English name of at most {max} characters.", ("line", line.Id), ("max", MaxNameLength));
        if (!RegionPattern().IsMatch(line.Region ?? ""))
            throw new HotlineException(RefusalCodes.LineBadRegion, "'{region}' is not a region code (6 digits, as 410300 for Luoyang) for the line '{line}'.", ("line", line.Id), ("region", line.Region));
        if (line.Hours.Count > MaxSpans || line.Hours.Any(span => span.Days.Count == 0 || span.Open < TimeSpan.Zero || span.Open >= span.Close || span.Close > TimeSpan.FromDays(1)))
            throw new HotlineException(RefusalCodes.LineBadHours, "Each of the line '{line}''s opening hours needs at least one day and opens before it closes (at most {max} rows).", ("line", line.Id), ("max", MaxSpans));
        if (line.ClosedOn.Count > MaxClosedDays)
            throw new HotlineException(RefusalCodes.LineBadClosedDay, "'{day}' is not a day the line '{line}' can be closed: write yyyy-MM-dd, at most {max} days.",
                ("line", line.Id), ("day", line.ClosedOn[MaxClosedDays]), ("max", MaxClosedDays));
        if (line.TimeZone is not { Length: > 0 and <= 64 } || !TimeZoneInfo.TryFindSystemTimeZoneById(line.TimeZone, out _))
            throw new HotlineException(RefusalCodes.LineUnknownTimeZone, "The line '{line}' names the unknown time zone '{timeZone}' (write one like Asia/Shanghai).", ("line", line.Id), ("timeZone", line.TimeZone));
        if (line.MinimumSeats is < 0 or > MaxSeats)
            throw new HotlineException(RefusalCodes.LineBadSeats, "The line '{line}''s minimum seats must be from 0 to {max}.", ("line", line.Id), ("max", MaxSeats));
        if (line.BackupAfterSeconds is < 0 or > MaxBackupAfterSeconds)
            throw new HotlineException(RefusalCodes.LineBadBackupWait, "The line '{line}''s wait before backup must be from 0 to {max} seconds.", ("line", line.Id), ("max", MaxBackupAfterSeconds));
        if ((line.Referrals.Count > MaxReferrals ? line.Referrals[MaxReferrals] : line.Referrals.FirstOrDefault(id => !IdPattern().IsMatch(id ?? ""))) is { } badReferral)
            throw new HotlineException(RefusalCodes.LineBadReferral, "'{referral}' is not a referral entry of this hotline (the line '{line}' may name at most {max}).",
                ("line", line.Id), ("referral", badReferral), ("max", MaxReferrals));
        if (line.PhoneNumber is { } number && !PhonePattern().IsMatch(number))
            throw new HotlineException(RefusalCodes.LineBadPhone, "The line '{line}''s number must be in E.164, as +8637112345678.", ("line", line.Id));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    /// <summary>One checked network, never changed: a reader holding it sees one version throughout.</summary>
    private sealed class Network(Dictionary<string, Line> byId, IReadOnlyList<Line> all, Line fallback, long version)
    {
        public IReadOnlyList<Line> All => all;

        public Line Default => fallback;

        public long Version => version;

        public Line? Find(string? id) => id is not null && byId.TryGetValue(id, out var line) ? line : null;

        public IReadOnlyList<Line> AncestorsOf(string id)
        {
            var ancestors = new List<Line>();
            for (var at = Find(id)?.Parent; at is not null; at = byId[at].Parent)
                ancestors.Add(byId[at]);
            return ancestors;
        }

        public bool Covers(string scope, string line) => scope == line || AncestorsOf(line).Any(a => a.Id == scope);
    }

    private sealed record Seed(List<LineEntry> Lines, string Default);
}
