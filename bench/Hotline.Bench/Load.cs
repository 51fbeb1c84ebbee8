using System.Diagnostics;

namespace Hotline.Bench;

/// <summary>How messages are put on a path: open loop at a fixed rate, or closed loop as fast as acknowledgements allow.</summary>
public static class Load
{
    /// <summary>
    /// Open loop: message i is due at start + i/rate, whatever happened to the ones before it, round-robin over the
    /// pairs. A dedicated thread keeps the schedule; latency counts from the due time.
    /// </summary>
    public static async Task<Ledger> OpenLoop(IMessagePath path, LedgerBook book, double rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var ledger = book.Open(total);
        var start = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / rate;
        var sender = new Thread(() =>
        {
            var i = 0;
            while (i < total)
            {
                var now = Stopwatch.GetTimestamp();
                for (var due = start + (long)(i * interval); i < total && due <= now; i++, due = start + (long)(i * interval))
                {
                    var id = ledger.Next(due);
                    ledger.Acknowledge(path.Send(id % path.Pairs, ledger.Text(id)));
                }
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "open-loop sender" };
        sender.Start();
        await Task.Run(sender.Join);
        await ledger.Drain(TimeSpan.FromSeconds(20));
        return ledger;
    }

    /// <summary>Closed loop: each pair keeps <paramref name="inFlight"/> messages outstanding for the whole duration.</summary>
    public static async Task<Ledger> ClosedLoop(IMessagePath path, LedgerBook book, int inFlight, TimeSpan duration)
    {
        var ledger = book.Open((int)(250_000 * duration.TotalSeconds));
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, path.Pairs * inFlight).Select(async slot =>
        {
            await Task.Yield();
            while (elapsed.Elapsed < duration)
            {
                var id = ledger.Next(Stopwatch.GetTimestamp());
                var sent = path.Send(slot % path.Pairs, ledger.Text(id));
                ledger.Acknowledge(sent);
                try
                {
                    await sent;
                }
                catch (Exception)
                {
                    // Counted as failed by the ledger; the run reports it.
                }
            }
        }));
        await ledger.Drain(TimeSpan.FromSeconds(20));
        return ledger;
    }
}
