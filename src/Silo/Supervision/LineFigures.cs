using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Supervision;

/// <summary>
/// Figures summed over some lines' queues and counsellors. <paramref name="AnswerRate"/> is answered over answered
/// plus abandoned today, null when there is nothing to divide (no contact yet).
/// </summary>
/// <param name="OnDuty">Counsellors serving the lines who are Available or Busy (each counted once).</param>
/// <param name="InLineAnswerRate">Answered by each contact's own line over answered today (988's goal: above 90%); null with nothing answered.</param>
/// <param name="AnsweredByBackup">Contacts of the lines answered today by a counsellor of a line above theirs.</param>
/// <param name="AverageSpeedToAnswerSeconds">Over the contacts answered today; null with nothing answered.</param>
/// <param name="HoursBelowMinimumSeats">Today's hours in which the line (or, summed up, each line) was open with fewer counsellors on duty than its minimum seats.</param>
public sealed record LineTotals(int Waiting, int LongestWaitSeconds, int OnDuty, int AnsweredToday, int AbandonedToday, double? AnswerRate,
    double? InLineAnswerRate, int AnsweredByBackup, double? AverageSpeedToAnswerSeconds, int HoursBelowMinimumSeats);

/// <summary>
/// One line's live load and today's figures, its own queues and counsellors only. <paramref name="RolledUp"/>, for a
/// line with lines under it, sums it and every line under it; null for a line with none. The measures after it
/// (in-line answer rate to hours below minimum seats) are as in <see cref="LineTotals"/>, the line's own.
/// </summary>
/// <param name="BelowMinimumSeats">Open now, and fewer counsellors on duty than its minimum seats.</param>
public sealed record LineLoad(
    string Id, string Zh, string En, string? Parent, bool OpenNow, int MinimumSeats,
    int Waiting, int LongestWaitSeconds, int OnDuty, int AnsweredToday, int AbandonedToday, double? AnswerRate,
    bool BelowMinimumSeats, LineTotals? RolledUp,
    double? InLineAnswerRate, int AnsweredByBackup, double? AverageSpeedToAnswerSeconds, int HoursBelowMinimumSeats);

/// <summary>What GET /api/network answers: when the figures were taken, and the reader's lines.</summary>
public sealed record NetworkLoad(DateTimeOffset At, IReadOnlyList<LineLoad> Lines);

/// <summary>The live figures (<see cref="StatsSnapshot"/>) rolled up by line, in the network's order.</summary>
public sealed class LineFigures(LineCatalog lines, QueueMap queues)
{
    public IReadOnlyList<LineLoad> Of(StatsSnapshot snapshot)
    {
        var queuesOf = snapshot.Queues.ToLookup(q => queues.Parse(q.Queue).Line);
        var measures = (snapshot.Lines ?? []).ToDictionary(l => l.Line);
        return [.. lines.All.Select(line =>
        {
            var own = Totals([line.Id], queuesOf, snapshot.Counselors, measures);
            var under = lines.Under(line.Id);
            var open = LineCatalog.IsOpen(line, snapshot.At);
            return new LineLoad(
                line.Id, line.Zh, line.En, line.Parent, open, line.MinimumSeats,
                own.Waiting, own.LongestWaitSeconds, own.OnDuty, own.AnsweredToday, own.AbandonedToday, own.AnswerRate,
                open && own.OnDuty < line.MinimumSeats,
                under.Count > 1 ? Totals([.. under.Select(l => l.Id)], queuesOf, snapshot.Counselors, measures) : null,
                own.InLineAnswerRate, own.AnsweredByBackup, own.AverageSpeedToAnswerSeconds, own.HoursBelowMinimumSeats);
        })];
    }

    /// <summary>Counsellors serving any of the lines who are Available or Busy: one serving a city and its province is one person on duty, not two.</summary>
    public static int OnDuty(LineCatalog lines, IReadOnlyList<string> ids, IEnumerable<CounselorFigures> counselors) =>
        counselors.Count(c => c.Presence is "Available" or "Busy" && lines.Served(c.Lines).Any(ids.Contains));

    private LineTotals Totals(IReadOnlyList<string> ids, ILookup<string, QueueFigures> queuesOf, IReadOnlyList<CounselorFigures> counselors,
        IReadOnlyDictionary<string, LineDayFigures> measures)
    {
        var figures = ids.SelectMany(id => queuesOf[id]).ToList();
        var answered = figures.Sum(q => q.AnsweredToday);
        var abandoned = figures.Sum(q => q.AbandonedToday);
        var measured = ids.Select(id => measures.GetValueOrDefault(id)).OfType<LineDayFigures>().ToList();
        var measuredAnswered = measured.Sum(m => m.Answered);
        return new LineTotals(
            figures.Sum(q => q.Waiting),
            figures.Select(q => q.LongestWaitSeconds).DefaultIfEmpty(0).Max(),
            OnDuty(lines, ids, counselors),
            answered,
            abandoned,
            answered + abandoned == 0 ? null : (double)answered / (answered + abandoned),
            measuredAnswered == 0 ? null : (double)measured.Sum(m => m.AnsweredInLine) / measuredAnswered,
            measured.Sum(m => m.AnsweredByBackup),
            measuredAnswered == 0 ? null : measured.Sum(m => m.Answered * (m.AverageSpeedToAnswerSeconds ?? 0)) / measuredAnswered,
            measured.Sum(m => m.HoursBelowMinimumSeats));
    }
}
