using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Hotline.Silo.Storage;

/// <summary>
/// Grain state in the embedded profile's SQLite file. Orleans' own file storage was measured to leave a torn,
/// unreadable file when the process is killed mid-write; SQLite's WAL journal commits atomically, so a kill leaves
/// the last committed state. The ETag is a version number: a write with a stale one changes nothing. Writes that
/// arrive together are committed together (see <see cref="WriteBatches"/>); reads go straight to a pooled connection.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IAsyncDisposable, IDisposable
{
    /// <summary>The most writes one transaction takes, so that a burst never grows one commit without limit.</summary>
    private const int MaxBatch = 256;

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
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _commitCount;

    public SqliteGrainStorage(SqliteDatabase database, IGrainStorageSerializer serializer)
    {
        _database = database;
        _serializer = serializer;
        _writer = Task.Run(WriteBatches);
    }

    /// <summary>Transactions committed so far: one per batch of writes, however many writes it held.</summary>
    internal long CommitCount => Interlocked.Read(ref _commitCount);

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
        long next;
        PendingWrite write;
        if (grainState.ETag is null)
        {
            next = 1;
            write = new("INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($name, $id, 1, $payload) ON CONFLICT DO NOTHING",
                stateName, grainId, null, payload);
        }
        else
        {
            var current = ParseETag(grainState.ETag, stateName, grainId);
            next = current + 1;
            write = new("UPDATE grain_state SET etag = $etag + 1, payload = $payload WHERE state_name = $name AND grain_id = $id AND etag = $etag",
                stateName, grainId, current, payload);
        }
        if (!await Commit(write))
            throw Stale(stateName, grainId, grainState.ETag);
        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (grainState.ETag is not null)
        {
            var write = new PendingWrite("DELETE FROM grain_state WHERE state_name = $name AND grain_id = $id AND etag = $etag",
                stateName, grainId, ParseETag(grainState.ETag, stateName, grainId), null);
            if (!await Commit(write))
                throw Stale(stateName, grainId, grainState.ETag);
        }
        grainState.ETag = null;
        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    /// <summary>Stops taking writes, and returns once every write already queued has been committed or failed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Queues a write for the writer; true once its transaction has committed, false if its ETag was stale.</summary>
    private Task<bool> Commit(PendingWrite write) =>
        _queue.Writer.TryWrite(write) ? write.Outcome.Task : throw new ObjectDisposedException(nameof(SqliteGrainStorage));

    /// <summary>
    /// Group commit. Each write must be on disk before its caller hears of it, and with synchronous=FULL every transaction
    /// costs an fsync. With a transaction per write, concurrent writers took SQLite's write lock in turn and paid an fsync
    /// each; instead, this one writer takes everything queued while it was busy (up to <see cref="MaxBatch"/>) and commits
    /// it in one transaction. It never waits for more writes to arrive, so a lone write commits as soon as it did before.
    /// </summary>
    private async Task WriteBatches()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
                batch.Add(write);
            await CommitBatch(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// Runs each write's own statement in one transaction. A write whose ETag is stale changes nothing and fails alone;
    /// an error from SQLite rolls the whole batch back and fails all of it.
    /// </summary>
    private async Task CommitBatch(List<PendingWrite> batch)
    {
        var applied = new bool[batch.Count];
        try
        {
            await using var connection = await Open();
            await using var transaction = connection.BeginTransaction();
            for (var i = 0; i < batch.Count; i++)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = batch[i].Sql;
                AddKey(command, batch[i].StateName, batch[i].GrainId);
                command.Parameters.AddWithValue("$etag", (object?)batch[i].ETag ?? DBNull.Value);
                command.Parameters.AddWithValue("$payload", (object?)batch[i].Payload ?? DBNull.Value);
                applied[i] = await command.ExecuteNonQueryAsync() == 1;
            }
            await transaction.CommitAsync();
        }
        catch (Exception e)
        {
            foreach (var write in batch)
                write.Outcome.TrySetException(e);
            return;
        }
        Interlocked.Increment(ref _commitCount);
        for (var i = 0; i < batch.Count; i++)
            batch[i].Outcome.TrySetResult(applied[i]);
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

    /// <summary>One write (or, with no payload, a delete) waiting for the writer, with the ETag its statement expects.</summary>
    private sealed record PendingWrite(string Sql, string StateName, GrainId GrainId, long? ETag, byte[]? Payload)
    {
        public TaskCompletionSource<bool> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static InconsistentStateException Stale(string stateName, GrainId grainId, string? etag) =>
        new($"The stored {stateName} state of {grainId} has changed since it was read (ETag {etag ?? "none"}); this write was refused.", etag ?? "", "unknown");
}
