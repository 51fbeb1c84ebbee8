using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Hotline.Silo.Storage;

/// <summary>
/// Grain state in the embedded profile's SQLite file. Orleans' own file storage was measured to leave a torn,
/// unreadable file when the process is killed mid-write; SQLite's WAL journal commits atomically, so a kill leaves
/// the last committed state. The ETag is a version number: a write with a stale one changes nothing.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name TEXT NOT NULL,
            grain_id   TEXT NOT NULL,
            etag       INTEGER NOT NULL,
            payload    BLOB NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        """;

    private readonly SqliteDatabase _database;
    private readonly IGrainStorageSerializer _serializer;

    public SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer)
    {
        _database = database;
        _serializer = serializer;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE state_name = $name AND grain_id = $id";
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.State = _serializer.Deserialize<T>(new BinaryData((byte[])reader[1]));
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = Activator.CreateInstance<T>();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State).ToArray();
        await using var connection = await Open();
        await using var command = connection.CreateCommand();
        AddKey(command, stateName, grainId);
        command.Parameters.AddWithValue("$payload", payload);
        long next;
        if (grainState.ETag is null)
        {
            next = 1;
            command.CommandText = "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($name, $id, 1, $payload) ON CONFLICT DO NOTHING";
        }
        else
        {
            var current = ParseETag(grainState.ETag, stateName, grainId);
            next = current + 1;
            command.CommandText = "UPDATE grain_state SET etag = $next, payload = $payload WHERE state_name = $name AND grain_id = $id AND etag = $etag";
            command.Parameters.AddWithValue("$etag", current);
            command.Parameters.AddWithValue("$next", next);
        }
        if (await command.ExecuteNonQueryAsync() != 1)
            throw Stale(stateName, grainId, grainState.ETag);
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            await using var connection = await Open();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE state_name = $name AND grain_id = $id AND etag = $etag";
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$etag", ParseETag(grainState.ETag, stateName, grainId));
            if (await command.ExecuteNonQueryAsync() != 1)
                throw Stale(stateName, grainId, grainState.ETag);
        }
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    private Task<SqliteConnection> Open() => _database.Open(Schema);

    private static void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$id", grainId.ToString());
    }

    private static long ParseETag(string etag, string stateName, GrainId grainId) =>
        long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Stale(stateName, grainId, etag);

    private static InconsistentStateException Stale(string stateName, GrainId grainId, string? etag) =>
        new($"The stored {stateName} state of {grainId} has changed since it was read (ETag {etag ?? "none"}); this write was refused.", etag ?? "", "unknown");
}
