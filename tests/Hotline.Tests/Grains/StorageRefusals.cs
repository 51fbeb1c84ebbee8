using System.Collections.Concurrent;

namespace Hotline.Tests.Grains;

/// <summary>Which grain's next write of which state the test cluster's storage fails (see <see cref="RefusingGrainStorage"/>).</summary>
public sealed class StorageRefusals
{
    private readonly ConcurrentDictionary<(string StateName, GrainId Grain), bool> _waiting = new();

    /// <summary>The next write of <paramref name="stateName"/> for <paramref name="grain"/> fails and changes nothing.</summary>
    public void RefuseNextWrite(string stateName, GrainId grain) => _waiting[(stateName, grain)] = true;

    /// <summary>Whether a refusal still waits for its write: false once the write was tried and refused.</summary>
    public bool Waiting(string stateName, GrainId grain) => _waiting.ContainsKey((stateName, grain));

    internal bool Take(string stateName, GrainId grain) => _waiting.TryRemove((stateName, grain), out _);
}
