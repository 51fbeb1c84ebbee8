namespace Hotline.Contracts.Delivery;

public static class HubNodeTiming
{
    /// <summary>How often a web node renews its registration with the node directory.</summary>
    public static readonly TimeSpan RegistrationPeriod = TimeSpan.FromSeconds(15);
}
