using System.Collections.Concurrent;

namespace Hotline.IntegrationTests;

/// <summary>Every event a hub connection received, in arrival order, with a way to wait for one.</summary>
public sealed class EventLog
{
    private readonly ConcurrentQueue<(string Name, object Payload)> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public void Record(string name, object payload)
    {
        _events.Enqueue((name, payload));
        _arrived.Release();
    }

    public IReadOnlyList<T> All<T>(string name) => _events.Where(e => e.Name == name).Select(e => (T)e.Payload).ToList();

    /// <summary>Waits for a matching event; <paramref name="cancellationToken"/> ends the wait early (a bounded attempt gave up), so no waiter outlives its caller.</summary>
    public async Task<T> WaitFor<T>(string name, Func<T, bool>? match = null, int timeoutSeconds = 30, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            foreach (var payload in All<T>(name))
            {
                if (match?.Invoke(payload) ?? true)
                    return payload;
            }
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No matching {name} within {timeoutSeconds} s; received: {string.Join(", ", _events.Select(e => e.Name))}");
            }
        }
    }
}
