using System.Collections.Concurrent;

namespace Hotline.Tests.Grains;

/// <summary>
/// What a test cluster saw happen, in order, and a wait for the first entry that matches. Every new entry wakes
/// every waiter: one signal per arrival, replaced as it fires, so concurrent waits cannot take each other's wake-up.
/// </summary>
public sealed class EventLog<T>
{
    private readonly ConcurrentQueue<T> _entries = new();
    private TaskCompletionSource _arrived = NewSignal();

    public IReadOnlyList<T> Entries => _entries.ToList();

    public void Add(T entry)
    {
        _entries.Enqueue(entry);
        Interlocked.Exchange(ref _arrived, NewSignal()).TrySetResult();
    }

    public async Task<T> WaitFor(Func<T, bool> match, Func<string> missing)
    {
        await WaitUntil(entries => entries.Any(match), missing);
        return _entries.First(match);
    }

    /// <summary>Waits until what has been logged so far satisfies <paramref name="holds"/>.</summary>
    public async Task WaitUntil(Func<IEnumerable<T>, bool> holds, Func<string> missing)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        while (true)
        {
            // Taken before looking, so that an entry added after the look still wakes this wait.
            var arrived = Volatile.Read(ref _arrived).Task;
            if (holds(_entries))
                return;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{missing()} within {Eventually.Deadline.TotalSeconds} s.");
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
