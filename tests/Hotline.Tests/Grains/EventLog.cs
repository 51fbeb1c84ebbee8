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
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        while (true)
        {
            // Taken before looking, so that an entry added after the look still wakes this wait.
            var arrived = Volatile.Read(ref _arrived).Task;
            foreach (var entry in _entries)
                if (match(entry))
                    return entry;
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
