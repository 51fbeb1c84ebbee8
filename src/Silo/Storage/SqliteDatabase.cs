using Microsoft.Data.Sqlite;

namespace Hotline.Silo.Storage;

/// <summary>
/// One SQLite file of the embedded profile, shared by grain state and reminders: WAL journal, and
/// <c>synchronous=FULL</c> so that a commit is on disk before the caller is told, because that is when a client hears "sent".
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private readonly HashSet<string> _schemas = [];

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Opens a pooled connection, having created the given schema once per process.</summary>
    public async Task<SqliteConnection> Open(string schema)
    {
        await EnsureSchema(schema);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task EnsureSchema(string schema)
    {
        if (_schemas.Contains(schema))
            return;
        await _schemaLock.WaitAsync();
        try
        {
            if (_schemas.Contains(schema))
                return;
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL;\n" + schema;
            await command.ExecuteNonQueryAsync();
            _schemas.Add(schema);
        }
        finally
        {
            _schemaLock.Release();
        }
    }
}
