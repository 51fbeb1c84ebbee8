using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Supervision;

/// <summary>
/// Figures summed over some lines' queues and counsellors. <paramref name="AnswerRate"/> is answered over answered
/// plus abandoned today, null when there is nothing to divide (no contact yet).
/// </summary>
/// <param name="OnDuty">Counsellors serving the lines who are Available or Busy (each counted once).</param>
public sealed record LineTotals(int Waiting, int LongestWaitSeconds, int OnDuty, int AnsweredToday, int AbandonedToday, double? AnswerRate);

/// <summary>
/// One line's live load and today's figures, its own queues and counsellors only. <paramref name="RolledUp"/>, for a
/// line with lines under it, sums it and every line under it; null for a line with none.
/// </summary>
/// <param name="BelowMinimumSeats">Open now, and fewer counsellors on duty than its minimum seats.</param>
public sealed record LineLoad(
    string Id, string Zh, string En, string? Parent, bool OpenNow, int MinimumSeats,
    int Waiting, int LongestWaitSeconds, int OnDuty, int AnsweredToday, int AbandonedToday, double? AnswerRate,
    bool BelowMinimumSeats, LineTotals? RolledUp);

/// <summary>What GET /api/network answers: when the figures were taken, and the reader's lines.</summary>
public sealed record NetworkLoad(DateTimeOffset At, IReadOnlyList<LineLoad> Lines);

/// <summary>The live figures (<see cref="StatsSnapshot"/>) rolled up by line, in the network's order.</summary>
public sealed class LineFigures(LineCatalog lines, QueueMap queues)
{
    public IReadOnlyList<LineLoad> Of(StatsSnapshot snapshot)
    {
        var queuesOf = snapshot.Queues.ToLookup(q => queues.Parse(q.Queue).Line);
        var onDuty = snapshot.Counselors.Where(c => c.Presence is "Available" or "Busy").ToList();
        return [.. lines.All.Select(line =>
        {
            var own = Totals([line.Id], queuesOf, onDuty);
            var under = lines.Under(line.Id);
            var open = LineCatalog.IsOpen(line, snapshot.At);
            return new LineLoad(
                line.Id, line.Zh, line.En, line.Parent, open, line.MinimumSeats,
                own.Waiting, own.LongestWaitSeconds, own.OnDuty, own.AnsweredToday, own.AbandonedToday, own.AnswerRate,
                open && own.OnDuty < line.MinimumSeats,
                under.Count > 1 ? Totals([.. under.Select(l => l.Id)], queuesOf, onDuty) : null);
        })];
    }

    private LineTotals Totals(IReadOnlyList<string> ids, ILookup<string, QueueFigures> queuesOf, IReadOnlyList<CounselorFigures> onDuty)
    {
        var figures = ids.SelectMany(id => queuesOf[id]).ToList();
        var answered = figures.Sum(q => q.AnsweredToday);
        var abandoned = figures.Sum(q => q.AbandonedToday);
        return new LineTotals(
            figures.Sum(q => q.Waiting),
            figures.Select(q => q.LongestWaitSeconds).DefaultIfEmpty(0).Max(),
            // A counsellor serving a city and its province is one person on duty, not two.
            onDuty.Count(c => lines.Served(c.Lines).Any(ids.Contains)),
            answered,
            abandoned,
            answered + abandoned == 0 ? null : (double)answered / (answered + abandoned));
    }
}
