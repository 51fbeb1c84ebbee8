using Orleans.Storage;

namespace Hotline.Silo.Grains;

/// <summary>
/// The state a grain type stored under key 0, when it was one grain for the whole network, before it became one per
/// line. The default line's grain takes it over the first time it activates without a record of its own, then
/// clears it, so nothing (a worker's words in an alert, say) is left behind in a record nobody reads.
/// </summary>
public sealed class NetworkRecord<T>(IGrainStorage storage, string stateName, GrainType type) where T : new()
{
    private readonly GrainState<T> _stored = new();

    private GrainId Id => GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(0));

    /// <summary>The state as the network's grain left it; null when it stored none (a new deployment, or taken over already).</summary>
    public async Task<T?> Read()
    {
        await storage.ReadStateAsync(stateName, Id, _stored);
        return _stored.RecordExists ? _stored.State : default;
    }

    public Task Clear() => storage.ClearStateAsync(stateName, Id, _stored);
}
