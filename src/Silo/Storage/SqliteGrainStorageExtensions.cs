using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Silo.Storage;

public static class SqliteGrainStorageExtensions
{
    /// <summary>Grain state (as the default storage, unless named) and reminders, both in one owner-only SQLite file.</summary>
    public static ISiloBuilder AddSqliteStorage(this ISiloBuilder silo, string databasePath, string name = ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
    {
        SecretFile.OwnerOnlyDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        SecretFile.OwnerOnlyDatabaseFile(databasePath);
        var database = new SqliteDatabase(databasePath);
        // Orleans' binary codec: every state type here is [GenerateSerializer], with ids that never change.
        silo.Services.AddGrainStorage(name, (services, _) =>
            new SqliteGrainStorage(database, new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>())));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(new SqliteReminderTable(database));
        return silo;
    }
}
