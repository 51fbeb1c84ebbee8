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

    /// <summary>StackExchange.Redis connection string, e.g. "10.0.0.5:6379": membership, grain state, reminders, data-protection keys.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Redis's password (its requirepass), kept apart from the connection string so that the address can be shown and
    /// the secret not. A password=… inside the connection string works too; one of the two is required.
    /// </summary>
    public string? RedisPassword { get; set; }

    /// <summary>Redis over TLS: its certificate must chain to the hotline CA, and this node presents its own.</summary>
    public bool RedisTls { get; set; }

    /// <summary>Hotline:Cluster:Tls, read once by <see cref="From"/>.</summary>
    public ClusterTlsSettings? Tls { get; set; }

    /// <summary>This node's certificate and the hotline CA, for mutual TLS with every other node.</summary>
    public ClusterTls MemberTls { get; private set; } = null!;

    public string ClusterId { get; set; } = "hotline";

    public string ServiceId { get; set; } = "hotline";

    /// <summary>The address other silos and web nodes reach this silo on.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The local address the silo listens on, when it differs from the advertised one (behind NAT); by default the advertised one, never every address.</summary>
    public string? ListenAddress { get; set; }

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    public static bool IsCluster(IConfiguration configuration) =>
        configuration["Hotline:Profile"] switch
        {
            null or "" or "embedded" => false,
            "cluster" => true,
            var other => throw new InvalidOperationException($"Hotline:Profile is '{other}'; use 'embedded' (the default) or 'cluster'."),
        };

    /// <summary>
    /// The cluster settings; refuses to start without the Redis address and password (a cluster has nothing to meet in
    /// without Redis, and an open Redis hands out every grain's state) or without mutual TLS.
    /// </summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (string.IsNullOrWhiteSpace(settings.Redis))
            throw new InvalidOperationException("The cluster profile needs Hotline:Cluster:Redis (a Redis connection string, e.g. 127.0.0.1:6379).");
        if (string.IsNullOrEmpty(settings.RedisOptions().Password))
            throw new InvalidOperationException("The cluster profile needs Redis's password: set Hotline:Cluster:RedisPassword (Redis's requirepass).");
        settings.MemberTls = ClusterTls.From(settings.Tls);
        return settings;
    }

    public IPAddress Address() => IPAddress.Parse(AdvertisedAddress);

    public IPAddress ListeningAddress() => IPAddress.Parse(ListenAddress is { Length: > 0 } listen ? listen : AdvertisedAddress);

    /// <summary>Keeps retrying in the background when Redis is down or restarting, rather than failing the caller for good.</summary>
    public ConfigurationOptions RedisOptions()
    {
        var options = ConfigurationOptions.Parse(Redis!);
        options.AbortOnConnectFail = false;
        if (RedisPassword is { Length: > 0 })
            options.Password = RedisPassword;
        if (RedisTls)
        {
            options.Ssl = true;
            options.CertificateValidation += (_, certificate, _, _) => MemberTls.IsRedisServerTrusted(certificate);
            options.CertificateSelection += (_, _, _, _, _) => MemberTls.Certificate;
        }
        return options;
    }
}
