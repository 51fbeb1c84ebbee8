using Hotline.Silo.Accounts;
using Hotline.Silo.Channels;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Hotline.Silo.Keys;

public static class KeyHosting
{
    /// <summary>The grain storage the sealing wraps; grains use the default one, which is <see cref="SealedGrainStorage"/>.</summary>
    public const string UnsealedStorage = "hotline-unsealed";

    /// <summary>
    /// The embedded profile's data and keys: grain state in SQLite and the archive under the data directory, both sealed
    /// with data keys kept in the key directory (data-keys.db), wrapped by a KEK there or in configuration (generated
    /// the first time), as are the archive and phone-number keys unless configured.
    /// </summary>
    public static ISiloBuilder AddEmbeddedStorageAndKeys(this ISiloBuilder silo, IConfiguration configuration, string dataDirectory)
    {
        var keys = KeyDirectory.From(configuration, dataDirectory);
        silo.AddSealedSqliteStorage(configuration, Path.Combine(dataDirectory, "grains.db"), keys);
        var archiveCipher = HostingExtensions.ArchiveCipherFrom(configuration, dataDirectory);
        silo.Services.AddSingleton<ITranscriptArchive>(services =>
            new LocalFolderArchive(Path.Combine(dataDirectory, "archive"), archiveCipher, services.GetRequiredService<IDataKeys>()));
        silo.Services.AddSingleton(new SecondFactorSeal(archiveCipher));
        silo.Services.AddSingleton(new PhoneNumbers(HostingExtensions.NumberKeyFrom(configuration) ?? keys.Secret("phone-number.key", 32)));
        return silo;
    }

    /// <summary>Grain state in SQLite, sealed with data keys in the key directory (data-keys.db).</summary>
    public static ISiloBuilder AddSealedSqliteStorage(this ISiloBuilder silo, IConfiguration configuration, string databasePath, KeyDirectory keys)
    {
        silo.AddSqliteStorage(databasePath, UnsealedStorage);
        var dataKeys = new DataKeys(new SqliteWrappedKeyStore(keys.File("data-keys.db")), KeyEncryptionKeys.From(configuration, keys, generateActive: true));
        return silo.SealGrainState(_ => dataKeys);
    }

    /// <summary>
    /// The cluster's: wrapped data keys in Redis (apart from grain state, under hotline-data-key/), the KEK from
    /// configuration or the silo's key directory, never generated: every silo must unwrap what the others wrapped.
    /// </summary>
    public static ISiloBuilder SealRedisGrainState(this ISiloBuilder silo, IConfiguration configuration, ClusterSettings cluster)
    {
        var keks = KeyEncryptionKeys.From(configuration, KeyDirectory.Required(configuration), generateActive: false);
        return silo.SealGrainState(services => new DataKeys(new RedisWrappedKeyStore(services.GetRequiredService<IConnectionMultiplexer>(), cluster.ServiceId), keks));
    }

    /// <summary>Makes the default grain storage seal what it hands to <see cref="UnsealedStorage"/>.</summary>
    private static ISiloBuilder SealGrainState(this ISiloBuilder silo, Func<IServiceProvider, IDataKeys> dataKeys)
    {
        silo.Services.AddSingleton(dataKeys);
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) => new SealedGrainStorage(
            services.GetRequiredKeyedService<IGrainStorage>(UnsealedStorage),
            services.GetRequiredService<IDataKeys>(),
            services.GetRequiredService<Serializer>(),
            services.GetRequiredService<ILogger<SealedGrainStorage>>()));
        return silo;
    }
}
