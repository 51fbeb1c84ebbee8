using System.Net;
using System.Net.Sockets;
using Hotline.Silo.Accounts;
using Hotline.Silo.Channels;
using Hotline.Silo.Counseling;
using Hotline.Silo.Delivery;
using Hotline.Silo.Keys;
using Hotline.Silo.Lines;
using Hotline.Silo.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using Hotline.Silo.Routing;
using Hotline.Silo.Safety;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Hotline.Silo;

public static class HostingExtensions
{
    /// <summary>What every silo needs for the hotline's grains, whatever the profile: options, the catalog, the clock.</summary>
    public static ISiloBuilder AddHotlineGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.Configure<ChatOptions>(configuration.GetSection(ChatOptions.Section));
        silo.Services.Configure<RoutingOptions>(configuration.GetSection(RoutingOptions.Section));
        silo.Services.Configure<SupervisionOptions>(configuration.GetSection(SupervisionOptions.Section));
        silo.Services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        silo.Services.AddTwilioOptions(configuration);
        silo.Services.AddHttpClient<TwilioApi>(http => http.Timeout = TimeSpan.FromSeconds(10));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<HotlineMetrics>();
        silo.Services.TryAddSingleton<IAuditArchive, NoAuditArchive>();
        silo.Services.AddHotlineCatalogs();
        return silo;
    }

    /// <summary>Hotline:Twilio, with Hotline:PublicBaseUrl: silos call Twilio, web nodes check its webhooks.</summary>
    public static IServiceCollection AddTwilioOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TwilioOptions>(configuration.GetSection(TwilioOptions.Section));
        services.PostConfigure<TwilioOptions>(twilio => twilio.PublicBaseUrl ??= configuration["Hotline:PublicBaseUrl"]);
        return services;
    }

    /// <summary>The seed data both silos and web nodes read: topics, lines, queues, referrals, the first canned replies.</summary>
    public static IServiceCollection AddHotlineCatalogs(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => TopicCatalog.LoadDefault());
        services.TryAddSingleton(_ => LineCatalog.LoadDefault());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LineRefresh>());
        services.TryAddSingleton(provider => QueueMap.LoadDefault(provider.GetRequiredService<TopicCatalog>(), provider.GetRequiredService<LineCatalog>()));
        services.TryAddSingleton(_ => Referrals.LoadDefault());
        services.TryAddSingleton(_ => RiskScreen.LoadDefault());
        services.TryAddSingleton(_ => CannedReplySeed.LoadDefault());
        return services;
    }

    /// <summary>
    /// The embedded profile: one silo inside the web process, clustered with itself on loopback, grain state in
    /// SQLite under the data directory. Orleans ports come from Hotline:Orleans:SiloPort / GatewayPort, or are
    /// picked free, so that two instances can run side by side.
    /// </summary>
    public static ISiloBuilder UseEmbeddedProfile(this ISiloBuilder silo, IConfiguration configuration, string dataDirectory)
    {
        var siloPort = configuration.GetValue<int?>("Hotline:Orleans:SiloPort") is int s and > 0 ? s : FreeLoopbackPort();
        var gatewayPort = configuration.GetValue<int?>("Hotline:Orleans:GatewayPort") is int g and > 0 ? g : FreeLoopbackPort();
        silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "hotline", clusterId: "hotline-embedded");
        silo.AddEmbeddedStorageAndKeys(configuration, dataDirectory);
        silo.Services.AddSingleton<IAuditArchive>(new LocalFolderAuditArchive(AuditFolder(dataDirectory)));
        return silo.AddHotlineGrains(configuration);
    }

    /// <summary>
    /// The cluster profile's silo: mutual TLS with every other silo and web node, membership, grain state and reminders
    /// in Redis (grain state in Orleans' binary codec, as in the embedded profile), the archive and audit log in Azure
    /// Blob Storage. Failure detection is tightened from Orleans' defaults, so that grains of a
    /// crashed silo come back on another within seconds: a conversation must not stall for half a minute.
    /// </summary>
    public static ISiloBuilder UseClusterProfile(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        silo.Configure<EndpointOptions>(options =>
        {
            options.AdvertisedIPAddress = cluster.Address();
            (options.SiloPort, options.GatewayPort) = (cluster.SiloPort, cluster.GatewayPort);
            // One address, not every one the machine has: the ports face the cluster's network only.
            options.SiloListeningEndpoint = new IPEndPoint(cluster.ListeningAddress(), cluster.SiloPort);
            options.GatewayListeningEndpoint = new IPEndPoint(cluster.ListeningAddress(), cluster.GatewayPort);
        });
        silo.UseTls(cluster.MemberTls.Configure);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            // Two silos is a normal size here: one survivor's vote must be enough to declare the other dead.
            options.NumVotesForDeathDeclaration = 1;
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        });
        silo.UseRedisClustering(options => options.ConfigurationOptions = cluster.RedisOptions());
        silo.AddRedisGrainStorage(KeyHosting.UnsealedStorage, options => options.Configure<Serializer>((redis, serializer) =>
        {
            redis.ConfigurationOptions = cluster.RedisOptions();
            redis.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.SealRedisGrainState(configuration, cluster);
        silo.UseRedisReminderService(options => options.ConfigurationOptions = cluster.RedisOptions());
        silo.UseBlobArchive(configuration);
        silo.Services.AddSingleton(Supervision.AuditChain.Required(configuration));
        silo.Services.AddSingleton(new PhoneNumbers(NumberKeyFrom(configuration)
            ?? throw new InvalidOperationException("The cluster profile needs Hotline:Twilio:NumberKey (base64, 32 random bytes), the same on every silo: it keys and seals the numbers of workers who text or call.")));
        silo.Services.AddHubNodeChannel(cluster);
        return silo.AddHotlineGrains(configuration);
    }

    /// <summary>The standalone silo host (cluster profile only): its grains, the dashboard's silo side, health and metrics.</summary>
    public static WebApplicationBuilder AddHotlineSilo(this WebApplicationBuilder builder)
    {
        // "Request starting …" lines are not needed here either, and never written on web nodes (tokens in queries).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.UseOrleans(silo => silo.UseClusterProfile(builder.Configuration).AddDashboard(HotlineDashboard.Configure));
        builder.Services.AddHotlineMetrics();
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapHotlineSilo(this WebApplication app)
    {
        // A network file that is wrong stops the start with its reason, rather than the first chat that needs it.
        app.Services.GetRequiredService<LineCatalog>();
        app.MapHealthChecks("/healthz");
        app.MapHotlineMetrics(app.Configuration);
        return app;
    }

    /// <summary>
    /// Both hosts of a cluster: one Redis connection per process (it reconnects and re-subscribes on its own), and the
    /// channel that carries events from grains to web nodes.
    /// </summary>
    public static IServiceCollection AddHubNodeChannel(this IServiceCollection services, ClusterSettings cluster)
    {
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(cluster.RedisOptions()));
        services.AddSingleton(provider => new HubNodeChannel(
            provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<Serializer>(), cluster.ServiceId));
        return services;
    }

    /// <summary>Prometheus metrics for any host: the hotline's own meter, Orleans', and the runtime's (memory, GC, thread pool).</summary>
    public static IServiceCollection AddHotlineMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(HotlineMetrics.MeterName, "Microsoft.Orleans", "System.Runtime")
            .AddPrometheusExporter());
        return services;
    }

    /// <summary>The embedded profile's audit archive: the days of the audit log under the data directory.</summary>
    public static string AuditFolder(string dataDirectory) => Path.Combine(dataDirectory, "archive", "audit");

    /// <summary>Hotline:Twilio:NumberKey, if configured (base64).</summary>
    public static byte[]? NumberKeyFrom(IConfiguration configuration) =>
        configuration[$"{TwilioOptions.Section}:NumberKey"] is { Length: > 0 } key ? Convert.FromBase64String(key) : null;

    /// <summary>Keys from configuration; in the embedded profile, with none configured, one generated into the key directory.</summary>
    public static ArchiveCipher ArchiveCipherFrom(IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(ArchiveOptions.Section).Get<ArchiveOptions>() ?? new ArchiveOptions();
        var keys = options.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));
        if (keys.Count == 0)
            keys[options.ActiveKeyId] = KeyDirectory.From(configuration, dataDirectory).Secret($"archive-{options.ActiveKeyId}.key", 32);
        return new ArchiveCipher(keys, options.ActiveKeyId);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
