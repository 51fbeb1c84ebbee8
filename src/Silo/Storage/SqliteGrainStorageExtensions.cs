using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Silo.Storage;

public static class SqliteGrainStorageExtensions
{
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder silo, Action<SqliteGrainStorageOptions> configure) =>
        silo.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder silo, string name, Action<SqliteGrainStorageOptions> configure)
    {
        var options = new SqliteGrainStorageOptions();
        configure(options);
        // Orleans' binary codec: every state type here is [GenerateSerializer], with ids that never change.
        silo.Services.AddGrainStorage(name, (services, _) =>
            new SqliteGrainStorage(options, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
        return silo;
    }
}
