using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hotline.Bench;

/// <summary>What a run of either profile found: a verdict line, and one JSON line printed last.</summary>
public interface IRunResult
{
    /// <summary>Loss, duplication or a refused message fails the run, whatever the speed.</summary>
    bool Passed { get; }

    string Verdict { get; }

    string ToJson();
}

/// <summary>What an embedded run found; printed last as one JSON line.</summary>
public sealed class BenchResult : IRunResult
{
    public const string B1 = "B1 bare relay";
    public const string B2 = "B2 durable relay";
    public const string B3 = "B3 product";

    /// <summary>Closed-loop messages per second, by path.</summary>
    [JsonIgnore]
    public Dictionary<string, double> Throughput { get; } = [];

    public double B1MsgPerSec => Throughput.GetValueOrDefault(B1);
    public double B2MsgPerSec => Throughput.GetValueOrDefault(B2);
    public double B3MsgPerSec => Throughput.GetValueOrDefault(B3);
    public double ThroughputRatio => Ratio(B3MsgPerSec, B1MsgPerSec);

    /// <summary>The offered rate at which the two p99s below were measured.</summary>
    public double ReferenceRate { get; set; }
    public double B1P99Ms { get; set; }
    public double B2P99Ms { get; set; }
    public double B3P99Ms { get; set; }
    public double P99Ratio => Ratio(B3P99Ms, B1P99Ms);

    /// <summary>The highest offered rate at which the product's p99 stayed within 2× the relay's at that rate.</summary>
    public double HighestRateWithin2xP99 { get; set; }

    public double TimeToOfferP50Ms { get; set; }
    public double TimeToOfferP99Ms { get; set; }
    public double TimeToOfferMaxMs { get; set; }

    public int DensityConversations { get; set; }
    public long B1ServerBytesPerPair { get; set; }
    public long ServerBytesPerConversation { get; set; }
    public double MemoryRatio => Ratio(ServerBytesPerConversation, B1ServerBytesPerPair);
    public long B1ResidentBytesPerPair { get; set; }
    public long ResidentBytesPerConversation { get; set; }

    public double B1ReconnectSeconds { get; set; }
    public double ProductReconnectSeconds { get; set; }

    public int Lost { get; set; }
    public int LostInRestart { get; set; }
    public int Duplicated { get; set; }
    public int Failed { get; set; }

    [JsonIgnore]
    public List<RateStep> Steps { get; } = [];

    [JsonIgnore]
    public bool Passed => Lost == 0 && LostInRestart == 0 && Duplicated == 0 && Failed == 0;

    [JsonIgnore]
    public string Verdict => Passed ? "no message lost, duplicated or refused" : $"FAILED: lost {Lost}, lost in restart {LostInRestart}, duplicated {Duplicated}, refused {Failed}";

    public void SummarizeSweep(double referenceRate)
    {
        ReferenceRate = referenceRate;
        var b1 = Steps.Where(s => s.Path == B1).ToDictionary(s => s.OfferedPerSecond);
        var b2 = Steps.Where(s => s.Path == B2).ToDictionary(s => s.OfferedPerSecond);
        var b3 = Steps.Where(s => s.Path == B3).ToDictionary(s => s.OfferedPerSecond);
        B1P99Ms = b1.GetValueOrDefault(referenceRate)?.P99Ms ?? double.NaN;
        B2P99Ms = b2.GetValueOrDefault(referenceRate)?.P99Ms ?? double.NaN;
        B3P99Ms = b3.GetValueOrDefault(referenceRate)?.P99Ms ?? double.NaN;
        HighestRateWithin2xP99 = b3.Values
            .Where(p => b1.TryGetValue(p.OfferedPerSecond, out var r) && p.P99Ms <= 2 * r.P99Ms && p.Lost == 0 && p.Failed == 0)
            .Select(p => p.OfferedPerSecond)
            .DefaultIfEmpty(0)
            .Max();
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static double Ratio(double a, double b) => b == 0 ? double.NaN : Math.Round(a / b, 2);
}
