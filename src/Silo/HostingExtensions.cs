using System.Net;
using System.Net.Sockets;
using Hotline.Silo.Records;
using Hotline.Silo.Routing;
using Hotline.Silo.Safety;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<HotlineMetrics>();
        silo.Services.TryAddSingleton<IAuditArchive, NoAuditArchive>();
        silo.Services.AddHotlineCatalogs();
        return silo;
    }

    /// <summary>The seed data both silos and web nodes read: topics, queues, referrals.</summary>
    public static IServiceCollection AddHotlineCatalogs(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => TopicCatalog.LoadDefault());
        services.TryAddSingleton(provider => QueueMap.LoadDefault(provider.GetRequiredService<TopicCatalog>()));
        services.TryAddSingleton(_ => Referrals.LoadDefault());
        services.TryAddSingleton(_ => RiskScreen.LoadDefault());
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
        silo.AddSqliteStorage(Path.Combine(dataDirectory, "grains.db"));
        silo.Services.AddSingleton<ITranscriptArchive>(new LocalFolderArchive(Path.Combine(dataDirectory, "archive"), ArchiveCipherFrom(configuration, dataDirectory)));
        return silo.AddHotlineGrains(configuration);
    }

    /// <summary>Keys from configuration; in the embedded profile, with none configured, one generated into the data directory.</summary>
    public static ArchiveCipher ArchiveCipherFrom(IConfiguration configuration, string dataDirectory)
    {
        var options = configuration.GetSection(ArchiveOptions.Section).Get<ArchiveOptions>() ?? new ArchiveOptions();
        var keys = options.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));
        if (keys.Count == 0)
            keys[options.ActiveKeyId] = SecretFile.ReadOrCreate(Path.Combine(dataDirectory, "secrets", $"archive-{options.ActiveKeyId}.key"), 32);
        return new ArchiveCipher(keys, options.ActiveKeyId);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
