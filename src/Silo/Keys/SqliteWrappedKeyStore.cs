using Hotline.Silo.Storage;

namespace Hotline.Silo.Keys;

/// <summary>The embedded profile's wrapped data keys: a SQLite file in the key directory, never beside the data.</summary>
public sealed class SqliteWrappedKeyStore : IWrappedKeyStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS data_key (
            key_id  TEXT PRIMARY KEY,
            wrapped BLOB NOT NULL
        );
        """;

    private readonly SqliteDatabase _database;

    public SqliteWrappedKeyStore(string path)
    {
        SecretFile.OwnerOnlyDatabaseFile(path);
        _database = new SqliteDatabase(path);
    }

    public async Task<byte[]?> Find(string keyId)
    {
        await using var connection = await _database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT wrapped FROM data_key WHERE key_id = $id";
        command.Parameters.AddWithValue("$id", keyId);
        return await command.ExecuteScalarAsync() as byte[];
    }

    public async Task<byte[]> AddIfAbsent(string keyId, byte[] wrapped)
    {
        await using var connection = await _database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO data_key (key_id, wrapped) VALUES ($id, $wrapped) ON CONFLICT DO NOTHING;
            SELECT wrapped FROM data_key WHERE key_id = $id;
            """;
        command.Parameters.AddWithValue("$id", keyId);
        command.Parameters.AddWithValue("$wrapped", wrapped);
        return (byte[])(await command.ExecuteScalarAsync())!;
    }

    public async Task Delete(string keyId)
    {
        await using var connection = await _database.Open(Schema);
        await using var command = connection.CreateCommand();
        // secure_delete overwrites the freed page, so the wrapped key does not linger in the file's free space.
        command.CommandText = "PRAGMA secure_delete = ON; DELETE FROM data_key WHERE key_id = $id;";
        command.Parameters.AddWithValue("$id", keyId);
        await command.ExecuteNonQueryAsync();
    }
}
