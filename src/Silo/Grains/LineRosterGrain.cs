using Hotline.Contracts.Lines;
using Hotline.Contracts.Queues;

namespace Hotline.Silo.Grains;

/// <summary>
/// The on-duty seats of one line's counsellors, pushed to the queues of lines under it that have a conversation
/// waiting for backup from this line. Seats and watchers are in memory: counsellors re-announce at every lease
/// renewal and watching queues re-watch while they need backup, so a roster lost in a crash is whole again within
/// one renewal. A push that is lost is repaired the same way: every Watch, new or repeated, is answered with all the
/// seats. Nothing waits here, so nothing is lost when a roster is slow or gone: the conversation stays in its queue.
/// Kept alive so that a quiet roster is not collected and its watchers forgotten between renewals.
/// </summary>
[KeepAlive]
public sealed class LineRosterGrain : Grain, ILineRosterGrain
{
    private readonly Dictionary<string, CounselorSeat> _seats = [];
    private readonly HashSet<string> _watchers = [];

    private string Line => this.GetPrimaryKeyString();

    public async Task CounselorOnDuty(CounselorSeat seat)
    {
        // Renewals re-announce unchanged seats: only a change is worth a push to every watcher.
        if (_seats.TryGetValue(seat.CounselorId, out var known) && SameSeat(known, seat))
            return;
        _seats[seat.CounselorId] = seat;
        await PushAll();
    }

    public async Task CounselorOffDuty(string counselorId)
    {
        if (_seats.Remove(counselorId))
            await PushAll();
    }

    public async Task Watch(string queueName)
    {
        _watchers.Add(queueName);
        await GrainFactory.GetGrain<IQueueGrain>(queueName).BackupSeats(Line, Seats());
    }

    public Task Unwatch(string queueName)
    {
        _watchers.Remove(queueName);
        return Task.CompletedTask;
    }

    private async Task PushAll()
    {
        var seats = Seats();
        foreach (var watcher in _watchers)
            await GrainFactory.GetGrain<IQueueGrain>(watcher).BackupSeats(Line, seats);
    }

    private List<CounselorSeat> Seats() => [.. _seats.Values];

    private static bool SameSeat(CounselorSeat a, CounselorSeat b) =>
        a.FreeSeats == b.FreeSeats && a.Capacity == b.Capacity && a.Held == b.Held && a.IdleSince == b.IdleSince
        && a.Topics.SequenceEqual(b.Topics) && a.Languages.SequenceEqual(b.Languages);
}
