using Hotline.Contracts.Delivery;
using Hotline.Silo.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// Drops, doubles and delays chat message deliveries on purpose, from a seed so that a run can be repeated. A delayed
/// delivery is held until a few later messages have been decided, so later ones overtake it, with no clock involved.
/// Other events pass untouched. Counts what it did, and how many deliveries it still owes each web node.
/// </summary>
public sealed class SeededDeliveryFaults(int seed) : IDeliveryFaults
{
    private readonly Random _random = new(seed);
    private readonly List<(int ReleaseAfter, TaskCompletionSource Gate)> _held = [];
    private readonly Lock _lock = new();
    private int _decided;

    public bool Enabled { get; set; }

    public int Dropped { get; private set; }

    public int Duplicated { get; private set; }

    public int Delayed { get; private set; }

    /// <summary>Deliveries of MessageReceived, since <see cref="Enabled"/>, that will reach each node (the dropped ones never will) once every delay is released.</summary>
    public int Promised { get; private set; }

    public DeliveryFault For(ClientEvent? e)
    {
        if (e?.Name != nameof(ClientEvents.MessageReceived))
            return DeliveryFault.None;
        lock (_lock)
        {
            if (!Enabled)
                return DeliveryFault.None;
            _decided++;
            foreach (var held in _held.Where(h => h.ReleaseAfter <= _decided).ToList())
            {
                _held.Remove(held);
                held.Gate.TrySetResult();
            }
            switch (_random.Next(100))
            {
                case < 15:
                    Dropped++;
                    return new DeliveryFault.Drop();
                case < 30:
                    Duplicated++;
                    Promised += 2;
                    return new DeliveryFault.Duplicate();
                case < 45:
                    Delayed++;
                    Promised++;
                    var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _held.Add((_decided + 1 + _random.Next(3), gate));
                    return new DeliveryFault.Delay(gate.Task);
                default:
                    Promised++;
                    return DeliveryFault.None;
            }
        }
    }

    /// <summary>Lets every delivery still held go.</summary>
    public void ReleaseAll()
    {
        lock (_lock)
        {
            foreach (var (_, gate) in _held)
                gate.TrySetResult();
            _held.Clear();
        }
    }
}
