using Orleans.Concurrency;

namespace Hotline.Contracts.Supervision;

/// <summary>The hotline's risk alerts (one, key 0): raised by conversations, acknowledged by supervisors, escalated when nobody does.</summary>
public interface ISupervisionGrain : IGrainWithIntegerKey
{
    [OneWay] Task RaiseAlert(RiskRaised risk);

    Task<Alert> Acknowledge(Guid alertId, string supervisorId);

    /// <summary>In the order supervisors see them (highest risk, then newest; a conversation's alerts together).</summary>
    Task<IReadOnlyList<Alert>> GetOpenAlerts();
}
