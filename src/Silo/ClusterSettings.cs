using System.Net;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Hotline.Silo;

/// <summary>
/// Which profile a host runs (Hotline:Profile: "embedded", the default, or "cluster"), and in the cluster profile
/// where the shared parts are (section Hotline:Cluster). Silos and web nodes read the same keys.
/// </summary>
public sealed class ClusterSettings
{
    public const string Section = "Hotline:Cluster";

    /// <summary>StackExchange.Redis connection string, e.g. "10.0.0.5:6379,password=…": membership, grain state, reminders, data-protection keys.</summary>
    public string? Redis { get; set; }

    public string ClusterId { get; set; } = "hotline";

    public string ServiceId { get; set; } = "hotline";

    /// <summary>The address other silos and web nodes reach this silo on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public static bool IsCluster(IConfiguration configuration) =>
        configuration["Hotline:Profile"] switch
        {
            null or "" or "embedded" => false,
            "cluster" => true,
            var other => throw new InvalidOperationException($"Hotline:Profile is '{other}'; use 'embedded' (the default) or 'cluster'."),
        };

    /// <summary>The cluster settings; refuses to start without the Redis address, since a cluster has nothing to meet in without it.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (string.IsNullOrWhiteSpace(settings.Redis))
            throw new InvalidOperationException("The cluster profile needs Hotline:Cluster:Redis (a Redis connection string, e.g. 127.0.0.1:6379).");
        return settings;
    }

    public IPAddress Address() => IPAddress.Parse(AdvertisedAddress);

    /// <summary>Keeps retrying in the background when Redis is down or restarting, rather than failing the caller for good.</summary>
    public ConfigurationOptions RedisOptions()
    {
        var options = ConfigurationOptions.Parse(Redis!);
        options.AbortOnConnectFail = false;
        return options;
    }
}
