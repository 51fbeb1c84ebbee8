using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Bench;

/// <summary>One node's memory before and after the density step's conversations were set up.</summary>
public sealed record NodeMemory(string Node, long HeapBeforeBytes, long HeapAfterBytes, long ResidentBeforeBytes, long ResidentAfterBytes)
{
    public long HeapGrowthBytes => HeapAfterBytes - HeapBeforeBytes;

    public long ResidentGrowthBytes => ResidentAfterBytes - ResidentBeforeBytes;
}

/// <summary>The messages of the loss check, in conversations of which <paramref name="CrossNodePairs"/> have the worker
/// and the counsellor on different web nodes.</summary>
public sealed record LossCheck(int Pairs, int CrossNodePairs, int Sent, int Lost, int Duplicated, int Failed);

/// <summary>What a cluster run found; printed last as one JSON line.</summary>
public sealed class ClusterResult : IRunResult
{
    public string Profile => "cluster";

    public double TimeToOfferP50Ms { get; set; }
    public double TimeToOfferP99Ms { get; set; }
    public double TimeToOfferMaxMs { get; set; }

    public int DensityConversations { get; set; }
    public double DensitySetUpSeconds { get; set; }

    /// <summary>Both web nodes' growth together, divided by all the conversations (each node serves about half).</summary>
    public long WebHeapBytesPerConversation { get; set; }
    public long WebResidentBytesPerConversation { get; set; }

    /// <summary>Both silos' growth together, divided by all the conversations.</summary>
    public long SiloHeapBytesPerConversation { get; set; }
    public long SiloResidentBytesPerConversation { get; set; }

    public List<NodeMemory> Nodes { get; } = [];

    public LossCheck? LossCheck { get; set; }

    [JsonIgnore]
    public bool Passed => LossCheck is { Lost: 0, Duplicated: 0, Failed: 0 };

    [JsonIgnore]
    public string Verdict => Passed ? "no message lost, duplicated or refused" : $"FAILED: lost {LossCheck?.Lost}, duplicated {LossCheck?.Duplicated}, refused {LossCheck?.Failed}";

    public string ToJson() => JsonSerializer.Serialize(this, BenchResult.JsonOptions);
}
