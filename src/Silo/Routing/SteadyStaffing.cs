using Hotline.Contracts.Queues;

namespace Hotline.Silo.Routing;

/// <summary>
/// Who staffs a queue, as its wait estimates see it: steady against presence noise. A counsellor who goes off duty
/// (Away for a moment, a dropped connection) still counts, with the seat they last had, for the steady time; only
/// then do they leave the estimate and the count of counsellors on duty. Offers never use this: only the real roster.
/// </summary>
public sealed class SteadyStaffing(TimeSpan steady)
{
    private readonly Dictionary<string, (CounselorSeat Seat, DateTimeOffset LeftAt)> _left = [];

    /// <summary>Back on duty: counted by the roster again.</summary>
    public void OnDuty(string counselorId) => _left.Remove(counselorId);

    public void OffDuty(CounselorSeat seat, DateTimeOffset at) => _left[seat.CounselorId] = (seat, at);

    /// <summary>The roster, and those who left it less than the steady time ago.</summary>
    public IReadOnlyList<CounselorSeat> Counted(IEnumerable<CounselorSeat> onDuty, DateTimeOffset now)
    {
        foreach (var gone in _left.Where(l => now - l.Value.LeftAt >= steady).Select(l => l.Key).ToList())
            _left.Remove(gone);
        var roster = onDuty.ToList();
        return [.. roster, .. _left.Values.Select(l => l.Seat).Where(seat => roster.All(r => r.CounselorId != seat.CounselorId))];
    }

    /// <summary>When the next one who left stops counting: the estimates change then.</summary>
    public DateTimeOffset? NextChange => _left.Count == 0 ? null : _left.Values.Min(l => l.LeftAt) + steady;
}
