using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Records;

/// <summary>
/// Keeps trying a grain's queued archive writes until storage takes them. After a failure a one-shot grain timer (on
/// the silo's <see cref="TimeProvider"/>) tries again, backing off from 2 s to a minute. Timers die with the silo, so
/// while anything waits an Orleans reminder is registered too: after a restart it wakes the grain, whose activation
/// tries again.
/// </summary>
public sealed class ArchiveRetry(Grain grain, string reminderName, Func<Task> writeWaiting, ILogger logger)
{
    private static readonly Backoff Delays = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    private IGrainTimer? _timer;
    private int _failures;
    private bool _reminderRegistered;

    /// <summary>A try is scheduled because storage failed lately: new items wait their turn behind the queue.</summary>
    public bool Scheduled => _timer is not null;

    /// <summary>On activation, with items waiting: try on a timer, so that activating does not wait on storage.</summary>
    public void Resume()
    {
        // Items waited before this activation, so a reminder was most likely registered: it goes once they are written.
        _reminderRegistered = true;
        Schedule(TimeSpan.Zero);
    }

    /// <summary>Writes what waits. Never throws: a failure is logged and the next try scheduled, and what waits stays in grain state.</summary>
    public async Task Attempt()
    {
        try
        {
            await writeWaiting();
        }
        catch (Exception e)
        {
            _failures++;
            var delay = Delays.After(_failures);
            logger.LogWarning(e, "Writing to the archive failed ({Failures} in a row); trying again in {Delay}.", _failures, delay);
            Schedule(delay);
            await Remind(true);
            return;
        }
        _failures = 0;
        await Remind(false);
    }

    /// <summary>The reminder rang: after a restart activation has already scheduled a try; with nothing waiting, the reminder goes.</summary>
    public Task Reminded()
    {
        _reminderRegistered = true;
        return Scheduled ? Task.CompletedTask : Attempt();
    }

    private void Schedule(TimeSpan dueTime)
    {
        _timer?.Dispose();
        _timer = grain.RegisterGrainTimer(Tick, new GrainTimerCreationOptions
        {
            DueTime = dueTime,
            Period = Timeout.InfiniteTimeSpan,
            // Keeps the grain active while it has something to write, so the backoff is not lost to idle collection.
            KeepAlive = true,
        });
    }

    private Task Tick(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = null;
        return Attempt();
    }

    private async Task Remind(bool register)
    {
        if (_reminderRegistered == register)
            return;
        try
        {
            if (register)
                await grain.RegisterOrUpdateReminder(reminderName, Delays.Longest, Delays.Longest);
            else if (await grain.GetReminder(reminderName) is { } reminder)
                await grain.UnregisterReminder(reminder);
            _reminderRegistered = register;
        }
        catch (Exception e)
        {
            // The timer still retries while the silo lives; the reminder is tried again with the next write.
            logger.LogWarning(e, "The archive retry reminder '{Reminder}' could not be {Change}.", reminderName, register ? "registered" : "removed");
        }
    }
}
