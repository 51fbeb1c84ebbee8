using Orleans.Concurrency;

namespace Hotline.Contracts.Supervision;

/// <summary>
/// A line's risk alerts (one per line, keyed by the line's id): raised by its conversations, acknowledged by
/// supervisors, escalated when nobody does. Supervisors' reads roll up the lines they cover.
/// </summary>
public interface ISupervisionGrain : IGrainWithStringKey
{
    [OneWay] Task RaiseAlert(RiskRaised risk);

    Task<Alert> Acknowledge(Guid alertId, string supervisorId);

    /// <summary>In the order supervisors see them (highest risk, then newest; a conversation's alerts together).</summary>
    Task<IReadOnlyList<Alert>> GetOpenAlerts();

    /// <summary>Open alerts of this line that the network's one grain held before alerts were kept per line; they go on escalating here.</summary>
    Task TakeOver(IReadOnlyList<Alert> alerts);
}
