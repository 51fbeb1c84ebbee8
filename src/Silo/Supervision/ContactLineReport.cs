using System.Globalization;
using Hotline.Contracts.Lines;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;

namespace Hotline.Silo.Supervision;

/// <summary>
/// One line's contacts over a report's whole range, as published: its own contacts, how they were answered (by the
/// line itself, by a line above it as backup) or abandoned, the in-line answer rate (answered by the line itself over
/// answered; 988's goal is above 90%) and the average speed to answer. Counts are labels as in the periods
/// (<see cref="ContactReport.Count"/>, <see cref="ContactSuppression.HeldBack"/>); a rate or average is null when
/// held back or with nothing to divide (the contacts label tells which). <paramref name="RolledUp"/>, for a line with
/// lines under it, sums it and every line under it; null for a line with none.
/// </summary>
public sealed record ExportedLine(
    string Line, string? Parent, string Contacts, string AnsweredInLine, string AnsweredByBackup, string Abandoned,
    string? InLineAnswerRate, string? AverageSecondsToAnswer, ExportedLineTotals? RolledUp);

/// <summary>
/// A line and every line under it. A sum is published in digits only when every count it adds is: one that adds a
/// hidden count is <see cref="ContactSuppression.HeldBack"/>, so a roll-up never gives back what a line's row hides.
/// </summary>
public sealed record ExportedLineTotals(string Contacts, string AnsweredInLine, string AnsweredByBackup, string Abandoned, string? InLineAnswerRate);

/// <summary>
/// The report's lines: for each line the reader covers, its contacts of the range by how they were answered. Suppression
/// as in the periods (<see cref="ContactSuppression"/>): the lines' contacts are one breakdown of the range's contacts,
/// and each line's answered-in-line, by backup and abandoned a breakdown of that line's contacts.
/// </summary>
public static class ContactLineReport
{
    private const string InLine = "inLine";
    private const string ByBackup = "byBackup";
    private const string Abandoned = "abandoned";

    /// <param name="facts">The facts of the range, in the reader's scope.</param>
    /// <param name="covered">The lines the reader covers, in the network's order.</param>
    public static IReadOnlyList<ExportedLine> Export(IReadOnlyList<ContactFact> facts, IReadOnlyList<Line> covered, LineCatalog catalog)
    {
        var byLine = facts.ToLookup(f => catalog.LineOf(f.Line));
        var own = covered.ToDictionary(l => l.Id, l => Counts(byLine[l.Id].ToList(), l.Id));
        var range = new ContactPeriod("lines", facts.Count,
            new Dictionary<string, IReadOnlyDictionary<string, int>> { ["line"] = own.ToDictionary(o => o.Key, o => o.Value.Period.Contacts) },
            default, default, default, default, default);
        var (_, lineLabels) = ContactSuppression.Labels(range);
        var rows = covered.ToDictionary(l => l.Id, l => Row(l, own[l.Id], lineLabels["line"][l.Id]));
        return [.. covered.Select(line =>
        {
            var under = catalog.Under(line.Id).Where(l => rows.ContainsKey(l.Id)).ToList();
            return rows[line.Id] with { RolledUp = under.Count > 1 ? Sum([.. under.Select(l => rows[l.Id])]) : null };
        })];
    }

    private static (ContactPeriod Period, Average SecondsToAnswer) Counts(List<ContactFact> facts, string line)
    {
        var answered = facts.Where(f => f.Outcome == ContactOutcome.Answered).ToList();
        var backup = answered.Count(f => f.AnsweredByLine is { } by && by != line);
        var breakdown = new Dictionary<string, int> { [InLine] = answered.Count - backup, [ByBackup] = backup, [Abandoned] = facts.Count - answered.Count };
        var period = new ContactPeriod(line, facts.Count, new Dictionary<string, IReadOnlyDictionary<string, int>> { ["answeredBy"] = breakdown },
            default, default, default, default, default);
        return (period, Average.Of(answered.Where(f => f.SecondsToAnswer is not null).Select(f => f.SecondsToAnswer!.Value)));
    }

    private static ExportedLine Row(Line line, (ContactPeriod Period, Average SecondsToAnswer) own, string contacts)
    {
        var (_, labels) = ContactSuppression.Labels(own.Period, contacts);
        var by = labels["answeredBy"];
        var counts = own.Period.By["answeredBy"];
        var heldBack = ContactSuppression.Hides(contacts) || ContactReport.HoldsBackAverages(own.Period.Contacts);
        return new ExportedLine(line.Id, line.Parent, contacts, by[InLine], by[ByBackup], by[Abandoned],
            Rate(by[InLine], by[ByBackup]),
            heldBack ? null : own.SecondsToAnswer.Value?.ToString("F1", CultureInfo.InvariantCulture),
            null);
    }

    private static ExportedLineTotals Sum(IReadOnlyList<ExportedLine> rows)
    {
        var inLine = Add(rows.Select(r => r.AnsweredInLine));
        var byBackup = Add(rows.Select(r => r.AnsweredByBackup));
        return new ExportedLineTotals(Add(rows.Select(r => r.Contacts)), inLine, byBackup, Add(rows.Select(r => r.Abandoned)), Rate(inLine, byBackup));
    }

    /// <summary>Answered in line over answered: only from counts shown in digits (rate times answered gives the in-line count back).</summary>
    private static string? Rate(string inLine, string byBackup)
    {
        if (ContactSuppression.Hides(inLine) || ContactSuppression.Hides(byBackup))
            return null;
        var (own, backup) = (int.Parse(inLine, CultureInfo.InvariantCulture), int.Parse(byBackup, CultureInfo.InvariantCulture));
        return own + backup == 0 ? null : ((double)own / (own + backup)).ToString("F3", CultureInfo.InvariantCulture);
    }

    private static string Add(IEnumerable<string> labels)
    {
        var list = labels.ToList();
        return list.Any(ContactSuppression.Hides)
            ? ContactSuppression.HeldBack
            : list.Sum(l => int.Parse(l, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
    }
}
