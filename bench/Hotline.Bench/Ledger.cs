using System.Diagnostics;
using HdrHistogram;

namespace Hotline.Bench;

/// <summary>
/// The accounts of one measured step: every message's intended send time, whether the server acknowledged it, and how
/// often it arrived. Latency runs from the intended send time (open loop), so a stalled server cannot hide its queue.
/// </summary>
public sealed class Ledger(int step, int capacity)
{
    private readonly long[] _intendedAt = new long[capacity];
    private readonly int[] _arrivals = new int[capacity];
    private readonly LongHistogram _latency = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);
    private int _sent;
    private int _acknowledged;
    private int _failed;
    private int _received;
    private int _duplicated;
    private long _firstArrival;
    private long _lastArrival;

    public int Step { get; } = step;

    public int Sent => Volatile.Read(ref _sent);

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public int Failed => Volatile.Read(ref _failed);

    public int Received => Volatile.Read(ref _received);

    public int Duplicated => Volatile.Read(ref _duplicated);

    /// <summary>Acknowledged by the server but never delivered to the other side.</summary>
    public int Lost => Math.Max(0, Acknowledged - Received);

    /// <summary>Reserves the next message id, due at <paramref name="intendedAt"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public int Next(long intendedAt)
    {
        var id = Interlocked.Increment(ref _sent) - 1;
        if (id >= capacity)
            throw new InvalidOperationException($"Step {Step} sent more than the {capacity} messages it was sized for.");
        _intendedAt[id] = intendedAt;
        return id;
    }

    public string Text(int id) => $"bench {Step} {id}";

    public void Acknowledge(Task sent) => sent.ContinueWith(
        t => Interlocked.Increment(ref t.IsCompletedSuccessfully ? ref _acknowledged : ref _failed), TaskContinuationOptions.ExecuteSynchronously);

    /// <summary>Parses a message text written by <see cref="Text"/>; false for anything else (system lines, echoes of other steps).</summary>
    public static bool TryParse(string text, out int step, out int id)
    {
        step = id = 0;
        var parts = text.Split(' ');
        return parts.Length == 3 && parts[0] == "bench" && int.TryParse(parts[1], out step) && int.TryParse(parts[2], out id);
    }

    public void Arrived(int id)
    {
        var now = Stopwatch.GetTimestamp();
        if ((uint)id >= (uint)capacity)
            return;
        if (Interlocked.Increment(ref _arrivals[id]) > 1)
        {
            Interlocked.Increment(ref _duplicated);
            return;
        }
        Interlocked.Increment(ref _received);
        Interlocked.CompareExchange(ref _firstArrival, now, 0);
        Interlocked.Exchange(ref _lastArrival, now);
        var micros = (long)Stopwatch.GetElapsedTime(_intendedAt[id], now).TotalMicroseconds;
        lock (_latency)
            _latency.RecordValue(Math.Clamp(micros, 0, _latency.HighestTrackableValue));
    }

    /// <summary>Waits until every acknowledged message has arrived and nothing is still in flight, or the time is up.</summary>
    public async Task Drain(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while ((Acknowledged + Failed < Sent || Received < Acknowledged) && deadline.Elapsed < timeout)
            await Task.Delay(20);
    }

    public double PercentileMs(double percentile)
    {
        lock (_latency)
            return _latency.TotalCount == 0 ? double.NaN : _latency.GetValueAtPercentile(percentile) / 1000.0;
    }

    /// <summary>Messages delivered per second between the first and the last arrival.</summary>
    public double DeliveredPerSecond => Received < 2 ? 0 : Received / Stopwatch.GetElapsedTime(_firstArrival, _lastArrival).TotalSeconds;
}
