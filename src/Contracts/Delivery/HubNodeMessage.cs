namespace Hotline.Contracts.Delivery;

/// <summary>Which <see cref="IHubNode"/> call a published message stands for.</summary>
public enum HubNodeCall
{
    ToWorker,
    ToCounselor,
    ToSupervisors,
    ToMonitors,
    DisconnectUser,
}

/// <summary>One <see cref="IHubNode"/> call, as published to every web node of a cluster: the call, its target, the event.</summary>
[GenerateSerializer, Immutable, Alias("hotline.HubNodeMessage")]
public sealed record HubNodeMessage(HubNodeCall Call, string Target, ClientEvent? Event)
{
    /// <summary>Makes the call on a node.</summary>
    public Task DeliverTo(IHubNode node) => Call switch
    {
        HubNodeCall.ToWorker => node.ToWorker(Guid.Parse(Target), Event!),
        HubNodeCall.ToCounselor => node.ToCounselor(Target, Event!),
        HubNodeCall.ToSupervisors => node.ToSupervisors(Event!),
        HubNodeCall.ToMonitors => node.ToMonitors(Guid.Parse(Target), Event!),
        HubNodeCall.DisconnectUser => node.DisconnectUser(Target),
        _ => Task.CompletedTask,
    };
}
