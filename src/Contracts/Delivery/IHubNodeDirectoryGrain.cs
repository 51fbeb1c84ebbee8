namespace Hotline.Contracts.Delivery;

/// <summary>The live web nodes. Nodes re-register on a period; one that stops answering is dropped.</summary>
public interface IHubNodeDirectoryGrain : IGrainWithIntegerKey
{
    Task Register(Guid nodeId, IHubNode node);

    Task Unregister(Guid nodeId);

    Task<IReadOnlyList<IHubNode>> GetNodes();
}
