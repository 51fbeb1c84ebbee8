using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// An outgoing call filter for the silo that holds back every delivery of a worker's QueueUpdated, as a slow or stuck
/// web node would, until the test lets them go. Everything else passes through untouched. The held deliveries go on
/// in the order they were sent, as over one slow link: <see cref="INotifierGrain"/>'s calls are one-way, so the queue
/// does not wait for them, and releasing them all at once would reorder them, which no real link does.
/// </summary>
public sealed class PositionPushHold : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventLog<Guid> _held = new();
    private volatile bool _holding;
    private int _passed;
    private readonly Lock _order = new();
    private Task _previous = Task.CompletedTask;

    /// <summary>The conversations whose worker had a position push held back, in order.</summary>
    public IReadOnlyList<Guid> Held => _held.Entries;

    /// <summary>How many held pushes went on to the notifier after <see cref="Release"/>.</summary>
    public int Passed => Volatile.Read(ref _passed);

    public void Hold() => _holding = true;

    public void Release()
    {
        _holding = false;
        _released.TrySetResult();
    }

    /// <summary>Waits until a push to <paramref name="conversationId"/>'s worker is being held.</summary>
    public Task WaitUntilHeld(Guid conversationId) =>
        _held.WaitFor(id => id == conversationId, () => $"No position push to the worker of {conversationId} was held");

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(INotifierGrain.ToWorker)
            || context.Request.GetArgument(1) is not ClientEvent { Name: "QueueUpdated" }
            || context.Request.GetArgument(0) is not Guid conversationId)
        {
            await context.Invoke();
            return;
        }
        // Every position push waits its turn behind the ones sent before it, held or not: one slow link.
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_order)
            (before, _previous) = (_previous, mine.Task);
        try
        {
            if (_holding)
            {
                _held.Add(conversationId);
                await _released.Task;
                Interlocked.Increment(ref _passed);
            }
            await before;
            await context.Invoke();
        }
        finally
        {
            mine.SetResult();
        }
    }
}
