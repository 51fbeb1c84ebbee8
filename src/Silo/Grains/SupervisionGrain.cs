using Hotline.Contracts;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Storage;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.SupervisionState")]
public sealed record SupervisionState
{
    [Id(0)] public List<Alert> Open { get; set; } = [];
}

/// <summary>
/// A line's risk alerts (one grain per line, keyed by its id, so no line waits behind another's). Each is pushed to every connected supervisor at once, and, until one of them acknowledges it,
/// re-raised as urgent every <see cref="SupervisionOptions.AlertAckSeconds"/> and logged. Open alerts are
/// persisted, so a restart re-arms their escalation. The alerts the network's one grain (key 0) stored before alerts
/// were kept per line are taken over by the default line's grain the first time it activates, each handed to its
/// line's grain (<see cref="NetworkRecord{T}"/>).
/// </summary>
[KeepAlive]
public sealed class SupervisionGrain(
    [PersistentState("supervision")] IPersistentState<SupervisionState> state,
    [FromKeyedServices(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)] IGrainStorage storage,
    LineCatalog lines,
    IOptions<SupervisionOptions> options,
    ILogger<SupervisionGrain> logger,
    TimeProvider clock) : Grain, ISupervisionGrain
{
    private readonly Dictionary<Guid, IGrainTimer> _escalations = [];

    private List<Alert> Open => state.State.Open;
    private string Line => this.GetPrimaryKeyString();
    private INotifierGrain Notifier => GrainFactory.GetGrain<INotifierGrain>(0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists && Line == lines.Default.Id)
            await TakeOverNetworkAlerts();
        foreach (var alert in Open)
            ArmEscalation(alert);
    }

    public async Task TakeOver(IReadOnlyList<Alert> alerts)
    {
        // Idempotent: the default line's grain hands them again if it stopped before clearing the network's record.
        var taken = alerts.Where(alert => Open.All(a => a.AlertId != alert.AlertId)).ToList();
        Open.AddRange(taken);
        await state.WriteStateAsync();
        foreach (var alert in taken)
            ArmEscalation(alert);
    }

    public async Task RaiseAlert(RiskRaised risk)
    {
        // The trigger's words stay in this state and in the event to supervisors; the log below names only ids and the level.
        var alert = new Alert(Guid.NewGuid(), risk.ConversationId, risk.RiskLevel, risk.Reason, clock.GetUtcNow(), false, 0, risk.CounselorId, null, null,
            risk.CounselorName, risk.QueueName, risk.Trigger, risk.Params, risk.Line);
        Open.Add(alert);
        await state.WriteStateAsync();
        logger.LogWarning("Risk alert {AlertId} at {RiskLevel} ({Reason}) for conversation {ConversationId}.", alert.AlertId, alert.RiskLevel, alert.Reason, alert.ConversationId);
        ArmEscalation(alert);
        await Notifier.ToSupervisors(ClientEvents.AlertRaised(alert));
    }

    public async Task<Alert> Acknowledge(Guid alertId, string supervisorId)
    {
        if (Open.FirstOrDefault(a => a.AlertId == alertId) is not { } alert)
            throw new HotlineException(RefusalCodes.AlertUnknown, "There is no open alert with this id; it may have been acknowledged already.");
        var acknowledged = alert with { AcknowledgedBy = supervisorId, AcknowledgedAt = clock.GetUtcNow() };
        Open.Remove(alert);
        await state.WriteStateAsync();
        if (_escalations.Remove(alertId, out var timer))
            timer.Dispose();
        logger.LogInformation("Risk alert {AlertId} acknowledged by {Supervisor}.", alertId, supervisorId);
        await Notifier.ToSupervisors(ClientEvents.AlertAcknowledged(acknowledged));
        return acknowledged;
    }

    public Task<IReadOnlyList<Alert>> GetOpenAlerts() => Task.FromResult(AlertOrder.Sort(Open));

    /// <summary>An alert of a line no longer in the catalog stays with the default line, where someone still sees it.</summary>
    private async Task TakeOverNetworkAlerts()
    {
        var network = new NetworkRecord<SupervisionState>(storage, "supervision", this.GetGrainId().Type);
        if (await network.Read() is not { } stored)
            return;
        foreach (var ofLine in stored.Open.GroupBy(alert => lines.Find(alert.Line)?.Id ?? Line))
        {
            if (ofLine.Key == Line)
                Open.AddRange(ofLine);
            else
                await GrainFactory.GetGrain<ISupervisionGrain>(ofLine.Key).TakeOver([.. ofLine]);
        }
        await state.WriteStateAsync();
        await network.Clear();
        logger.LogInformation("Took over {Count} open alerts stored for the whole network before alerts were kept per line.", stored.Open.Count);
    }

    private void ArmEscalation(Alert alert) =>
        ArmEscalation(alert.AlertId, alert.RaisedAt.AddSeconds(options.Value.AlertAckSeconds * (alert.Escalations + 1)));

    private void ArmEscalation(Guid alertId, DateTimeOffset at)
    {
        var due = at - clock.GetUtcNow();
        _escalations[alertId] = this.RegisterGrainTimer(Escalate, alertId, due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private async Task Escalate(Guid alertId, CancellationToken cancellationToken)
    {
        _escalations.Remove(alertId);
        var index = Open.FindIndex(a => a.AlertId == alertId);
        if (index < 0)
            return;
        var escalated = Open[index] with { Urgent = true, Escalations = Open[index].Escalations + 1 };
        Open[index] = escalated;
        await state.WriteStateAsync();
        logger.LogError("Risk alert {AlertId} for conversation {ConversationId} is not acknowledged after {Seconds} s; escalated (time {Escalations}).",
            alertId, escalated.ConversationId, options.Value.AlertAckSeconds * escalated.Escalations, escalated.Escalations);
        ArmEscalation(alertId, clock.GetUtcNow().AddSeconds(options.Value.AlertAckSeconds));
        await Notifier.ToSupervisors(ClientEvents.AlertRaised(escalated));
    }
}
