using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// An outgoing call filter for the silo that holds back every delivery of a worker's QueueUpdated, as a slow or stuck
/// web node would, until the test lets them go. Everything else passes through untouched.
/// </summary>
public sealed class PositionPushHold : IOutgoingGrainCallFilter
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EventLog<Guid> _held = new();
    private volatile bool _holding;
    private int _passed;

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
        if (_holding && context.InterfaceMethod?.Name == nameof(INotifierGrain.ToWorker)
            && context.Request.GetArgument(1) is ClientEvent { Name: "QueueUpdated" }
            && context.Request.GetArgument(0) is Guid conversationId)
        {
            _held.Add(conversationId);
            await _released.Task;
            Interlocked.Increment(ref _passed);
        }
        await context.Invoke();
    }
}
