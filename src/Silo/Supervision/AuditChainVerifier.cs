using System.Globalization;
using System.Text.Json;
using Hotline.Silo.Records;

namespace Hotline.Silo.Supervision;

/// <summary>What <see cref="AuditChainVerifier"/> found: one line, naming the first broken entry when there is one.</summary>
public sealed record AuditVerdict(bool Intact, string Summary);

/// <summary>
/// Checks the archived audit chain day by day: every line's HMAC, its place in its day, that it follows the line
/// before (across days too), and that each day's sealed head says the day holds exactly what is there and ends where
/// its last line ends. Stops at the first thing wrong.
/// </summary>
public sealed class AuditChainVerifier(AuditChain chain, IAuditArchive archive)
{
    public async Task<AuditVerdict> Verify(DateOnly? from = null)
    {
        var days = await archive.Days();
        if (days.Count == 0)
            return new AuditVerdict(false, "The archive holds no audit entries: nothing to verify (is this the right data directory or container?).");
        var checkedDays = days.Where(d => from is null || d >= from).ToList();
        if (checkedDays.Count == 0)
            return new AuditVerdict(false, $"The archive holds no audit entries from {Text(from!.Value)} on.");

        // From the log's first entry on, the chain starts at Genesis; from a later day, the day before vouches for where it starts.
        string? previous = AuditChain.Genesis;
        if (from is not null && days.LastOrDefault(d => d < from) is var before && before != default)
            previous = ReadHead(await archive.ReadHead(before)) is { } head && chain.Holds(head) ? head.LastHash : null;

        var total = 0;
        foreach (var day in checkedDays)
        {
            var (broken, count, last) = await VerifyDay(day, previous);
            if (broken is not null)
                return new AuditVerdict(false, $"Audit chain broken at {Text(day)}: {broken}");
            (previous, total) = (last, total + count);
        }
        return new AuditVerdict(true, $"Audit chain intact: {total} entries over {checkedDays.Count} days ({Text(checkedDays[0])} to {Text(checkedDays[^1])}), every HMAC and day head holds.");
    }

    private async Task<(string? Broken, int Count, string Last)> VerifyDay(DateOnly day, string? previous)
    {
        var lines = (await archive.ReadDay(day) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var dayPrevious = previous;
        for (var i = 0; i < lines.Length; i++)
        {
            if (Parse(lines[i]) is not { } line)
                return ($"entry {i} is unreadable: the line was altered.", 0, "");
            var entry = line.ToEntry();
            if (!chain.Holds(entry))
                return ($"entry {i} was altered: its HMAC does not match its fields.", 0, "");
            if (entry.Day != day)
                return ($"entry {i} belongs to {Text(entry.Day)}: it was moved between days.", 0, "");
            if (entry.Index > i)
                return ($"entry {i} is missing: the entry held there is number {entry.Index} (deleted entries).", 0, "");
            if (entry.Index < i)
                return ($"entry {i} repeats entry {entry.Index}: an entry was copied or moved.", 0, "");
            if (previous is not null && entry.PreviousHash != previous)
                return (i == 0
                    ? "entry 0 does not follow the last entry of the day before: that day's tail was cut, or a whole day is missing."
                    : $"entry {i} does not follow entry {i - 1}: entries were reordered or replaced.", 0, "");
            previous = entry.Hash;
            dayPrevious ??= entry.PreviousHash;
        }

        if (ReadHead(await archive.ReadHead(day)) is not { } head)
            return ($"the day's head is missing or unreadable, so its end cannot be checked ({lines.Length} entries held).", 0, "");
        if (!chain.Holds(head) || head.Day != day)
            return ("the day's head was altered: its HMAC does not match.", 0, "");
        if (lines.Length < head.Count)
            return ($"entry {lines.Length} is missing: the tail was cut (the head records {head.Count} entries, the archive holds {lines.Length}).", 0, "");
        // An open head may trail the lines by a write that a crash cut short; a closed one is the day's last word.
        if (lines.Length > head.Count && head.Closed)
            return ($"entry {head.Count} is past the closed day's end (the head records {head.Count} entries, the archive holds {lines.Length}).", 0, "");
        var atHead = head.Count == 0 ? head.FirstPreviousHash : Parse(lines[head.Count - 1])!.Hash;
        if (atHead != head.LastHash || (dayPrevious is not null && head.FirstPreviousHash != dayPrevious))
            return ($"the day's head does not match its entries (entry {Math.Max(head.Count - 1, 0)}): entries were replaced.", 0, "");
        return (null, lines.Length, previous ?? head.LastHash);
    }

    private static AuditLine? Parse(string line)
    {
        try
        {
            // A field whose name was altered reads as missing.
            return JsonSerializer.Deserialize<AuditLine>(line, AuditLine.Json) is { Hash: not null, PreviousHash: not null, Actor: not null, Action: not null } read ? read : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AuditDayHead? ReadHead(string? text)
    {
        if (text is null)
            return null;
        try
        {
            return JsonSerializer.Deserialize<AuditDayHead>(text, AuditLine.Json) is { FirstPreviousHash: not null, LastHash: not null, Mac: not null } head ? head : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
