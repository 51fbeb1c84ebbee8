using Hotline.Contracts.Delivery;

namespace Hotline.Silo.Delivery;

/// <summary>
/// A seam for tests only, never registered in production: the notifier asks it, for each event and each web node
/// (in the cluster profile, for each publish on Redis), what to do with that delivery. It lets tests prove that
/// clients repair whatever the server fails to deliver.
/// </summary>
public interface IDeliveryFaults
{
    DeliveryFault For(ClientEvent? e);
}

/// <summary>What happens to one delivery: the server may deliver an event 0, 1 or many times, in any order.</summary>
public abstract record DeliveryFault
{
    public static readonly DeliveryFault None = new Deliver();

    public sealed record Deliver : DeliveryFault;

    public sealed record Drop : DeliveryFault;

    public sealed record Duplicate : DeliveryFault;

    /// <summary>Delivered once <paramref name="Until"/> completes; later events overtake it.</summary>
    public sealed record Delay(Task Until) : DeliveryFault;
}
