using Orleans.Storage;

namespace Hotline.Tests.Grains;

/// <summary>
/// The silo's real grain storage, except that it fails the writes a test asked it to, as a full disk or a broken
/// connection would: the write changes nothing and the grain hears an <see cref="IOException"/>. (Not an ETag conflict:
/// on <see cref="InconsistentStateException"/> Orleans itself drops the activation, which would hide what the product does.)
/// </summary>
public sealed class RefusingGrainStorage(IGrainStorage storage, StorageRefusals refusals) : IGrainStorage, IAsyncDisposable
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        storage.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        refusals.Take(stateName, grainId)
            ? throw new IOException($"Refused by the test: the {stateName} of {grainId} was not written.")
            : storage.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        storage.ClearStateAsync(stateName, grainId, grainState);

    public ValueTask DisposeAsync() => storage is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
