namespace Hotline.Contracts.Delivery;

/// <summary>A live web node: its id (to drop it when it stops answering) and its observer.</summary>
[GenerateSerializer, Immutable, Alias("hotline.HubNodeEntry")]
public sealed record HubNodeEntry(Guid NodeId, IHubNode Node);

/// <summary>The live web nodes. Nodes re-register on a period; one that stops answering is dropped.</summary>
public interface IHubNodeDirectoryGrain : IGrainWithIntegerKey
{
    Task Register(Guid nodeId, IHubNode node);

    Task Unregister(Guid nodeId);

    Task<IReadOnlyList<HubNodeEntry>> GetNodes();
}
