namespace Hotline.Contracts.Rota;

/// <summary>
/// A line's volunteer rota (one per line, keyed by the line's id): who is meant to be on shift there, and when. It
/// owns the shifts only; presence stays with each counsellor.
/// </summary>
public interface IRotaGrain : IGrainWithStringKey
{
    Task<Shift> Add(NewShift shift);

    Task Remove(Guid shiftId);

    Task<IReadOnlyList<Shift>> Shifts();

    /// <summary><paramref name="monday"/> is a local date.</summary>
    Task<RotaWeek> Week(DateOnly monday);

    Task<IReadOnlyList<ShiftTime>> OnShiftNow();

    /// <summary>The counsellor's next five shifts, the current one first if they are on shift now.</summary>
    Task<IReadOnlyList<ShiftTime>> NextShifts(string counselorId);
}
