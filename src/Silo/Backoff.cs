namespace Hotline.Silo;

/// <summary>How long to wait before trying again: doubling from a first delay, never longer than a longest one.</summary>
public sealed record Backoff(TimeSpan First, TimeSpan Longest)
{
    /// <summary>The wait after <paramref name="failures"/> failures in a row (1 or more).</summary>
    public TimeSpan After(int failures) =>
        TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Clamp(failures - 1, 0, 10)));
}
