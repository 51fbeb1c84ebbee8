using System.Diagnostics;
using Hotline.Silo.Storage;
using Hotline.StorageProbe;
using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace Hotline.Tests.Storage;

/// <summary>
/// The embedded profile's grain storage: ETags refuse stale writes, a killed process loses no commit, and writes that
/// arrive together share one transaction without losing either of those.
/// </summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotline-storage-").FullName;

    private string DatabasePath => Path.Combine(_directory, "grains.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_missing_record_reads_as_new_and_a_write_reads_back_with_its_etag()
    {
        var storage = ProbeStorage.Open(DatabasePath);
        var state = await Read(storage);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);

        state.State = ProbeState.For(7);
        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, state);

        var again = await Read(storage);
        Assert.True(again.RecordExists);
        Assert.Equal(state.ETag, again.ETag);
        Assert.Equal(7, again.State!.Counter);
        Assert.Equal(ProbeState.For(7).Payload, again.State!.Payload);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var storage = ProbeStorage.Open(DatabasePath);
        var first = await Read(storage);
        first.State = ProbeState.For(1);
        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, first);

        var reader = await Read(storage);
        first.State = ProbeState.For(2);
        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, first);

        reader.State = ProbeState.For(99);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, reader));
        Assert.Equal(2, (await Read(storage)).State!.Counter);
    }

    [Fact]
    public async Task When_two_writers_both_saw_no_record_only_the_first_insert_wins()
    {
        var storage = ProbeStorage.Open(DatabasePath);
        var a = await Read(storage);
        var b = await Read(storage);
        a.State = ProbeState.For(1);
        b.State = ProbeState.For(2);

        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, a);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, b));
        Assert.Equal(1, (await Read(storage)).State!.Counter);
    }

    [Fact]
    public async Task Clear_removes_the_record_unless_the_etag_is_stale()
    {
        var storage = ProbeStorage.Open(DatabasePath);
        var state = await Read(storage);
        state.State = ProbeState.For(1);
        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
        var stale = await Read(storage);
        state.State = ProbeState.For(2);
        await storage.WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(ProbeState.StateName, ProbeState.GrainId, stale));
        Assert.True((await Read(storage)).RecordExists);

        await storage.ClearStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
        Assert.False(state.RecordExists);
        Assert.False((await Read(storage)).RecordExists);
    }

    [Fact]
    public async Task State_outlives_the_storage_object_that_wrote_it()
    {
        var state = await Read(ProbeStorage.Open(DatabasePath));
        state.State = ProbeState.For(42);
        await ProbeStorage.Open(DatabasePath).WriteStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Assert.Equal(42, (await Read(ProbeStorage.Open(DatabasePath))).State!.Counter);
    }

    [Fact]
    public async Task A_process_killed_while_writing_leaves_its_last_commit_readable_and_whole()
    {
        long lastPrinted = 0;
        for (var kill = 0; kill < 3; kill++)
        {
            lastPrinted = await RunProbeUntilKilled(lastPrinted + 50);

            var state = await Read(ProbeStorage.Open(DatabasePath));
            Assert.True(state.State!.Counter >= lastPrinted, $"read {state.State!.Counter}, but the probe had committed {lastPrinted}");
            Assert.Equal(ProbeState.For(state.State!.Counter).Payload, state.State!.Payload);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Fact]
    public async Task Concurrent_writes_to_different_grains_all_commit_in_fewer_transactions_than_writes()
    {
        await using var storage = ProbeStorage.Open(DatabasePath);
        var states = Enumerable.Range(0, 200).Select(i => new GrainState<ProbeState>(Message(i))).ToArray();

        for (var round = 1; round <= 2; round++)
        {
            var commitsBefore = storage.CommitCount;
            await Task.WhenAll(states.Select((state, i) => Task.Run(() => storage.WriteStateAsync(ProbeState.StateName, Grain(i), state))));
            Assert.True(storage.CommitCount - commitsBefore < states.Length, $"{states.Length} writes took {storage.CommitCount - commitsBefore} transactions");

            for (var i = 0; i < states.Length; i++)
            {
                var stored = await Read(storage, Grain(i));
                Assert.Equal(round.ToString(System.Globalization.CultureInfo.InvariantCulture), states[i].ETag);
                Assert.Equal(states[i].ETag, stored.ETag);
                Assert.Equal(Message(i).Payload, stored.State!.Payload);
            }
        }
    }

    [Fact]
    public async Task A_stale_write_fails_alone_while_the_rest_of_its_batch_commits()
    {
        await using var storage = ProbeStorage.Open(DatabasePath);
        var states = Enumerable.Range(0, 21).Select(i => new GrainState<ProbeState>(Message(i))).ToArray();
        foreach (var (state, i) in states.Select((state, i) => (state, i)))
            await storage.WriteStateAsync(ProbeState.StateName, Grain(i), state);
        var stale = await Read(storage, Grain(10));
        await storage.WriteStateAsync(ProbeState.StateName, Grain(10), states[10]);
        var commitsBefore = storage.CommitCount;

        Task[] writes;
        await using (await HoldWriteLock())
        {
            writes = [.. states.Select((state, i) =>
            {
                state.State = Message(100 + i);
                return storage.WriteStateAsync(ProbeState.StateName, Grain(i), i == 10 ? stale : state);
            })];
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => writes[10]);
        await Task.WhenAll(writes.Where((_, i) => i != 10));
        // At most two transactions for 21 writes, with the stale one in the middle: it shared its batch with others.
        Assert.InRange(storage.CommitCount - commitsBefore, 1, 2);
        Assert.Equal("1", stale.ETag);
        for (var i = 0; i < states.Length; i++)
        {
            var stored = await Read(storage, Grain(i));
            if (i == 10)
            {
                Assert.Equal("2", stored.ETag);
                Assert.Equal(Message(10).Payload, stored.State!.Payload);
            }
            else
            {
                Assert.Equal("2", states[i].ETag);
                Assert.Equal("2", stored.ETag);
                Assert.Equal(Message(100 + i).Payload, stored.State!.Payload);
            }
        }
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_write_in_its_batch_and_applies_none_of_them()
    {
        await using var storage = ProbeStorage.Open(DatabasePath);
        await storage.WriteStateAsync(ProbeState.StateName, Grain(-1), new GrainState<ProbeState>(Message(-1)));
        // A trigger stands in for a full disk: SQLite fails the batch partway through, after other writes ran in it.
        await Execute($"CREATE TRIGGER full_disk BEFORE INSERT ON grain_state WHEN NEW.grain_id = '{Grain(10)}' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
        var states = Enumerable.Range(0, 21).Select(i => new GrainState<ProbeState>(Message(i))).ToArray();

        Task[] writes;
        await using (await HoldWriteLock())
            writes = [.. states.Select((state, i) => storage.WriteStateAsync(ProbeState.StateName, Grain(i), state))];

        var error = await Assert.ThrowsAsync<SqliteException>(() => writes[10]);
        await Assert.ThrowsAsync<SqliteException>(() => Task.WhenAll(writes));
        var failedWithIt = 0;
        for (var i = 0; i < states.Length; i++)
        {
            var stored = await Read(storage, Grain(i));
            if (writes[i].IsCompletedSuccessfully)
            {
                Assert.Equal("1", states[i].ETag);
                Assert.Equal("1", stored.ETag);
                continue;
            }
            Assert.Same(error, writes[i].Exception!.InnerException);
            Assert.Null(states[i].ETag);
            Assert.False(states[i].RecordExists);
            Assert.False(stored.RecordExists);
            failedWithIt++;
        }
        // At most two transactions, with the failing write in the middle: others were in its batch, and were refused with it.
        Assert.True(failedWithIt >= 2, $"only {failedWithIt} writes failed");

        var next = new GrainState<ProbeState>(Message(99));
        await storage.WriteStateAsync(ProbeState.StateName, Grain(99), next);
        Assert.Equal("1", next.ETag);
    }

    [Fact]
    public async Task A_write_completes_only_once_another_storage_can_read_it()
    {
        await using var storage = ProbeStorage.Open(DatabasePath);
        // The same file spelt another way: its own connection pool, so it cannot read through the writer's connection.
        await using var other = ProbeStorage.Open(Path.Combine(_directory, ".", "grains.db"));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            var state = new GrainState<ProbeState>(Message(i));
            await storage.WriteStateAsync(ProbeState.StateName, Grain(i), state);
            var stored = await Read(other, Grain(i));
            Assert.Equal(state.ETag, stored.ETag);
            Assert.Equal(Message(i).Payload, stored.State!.Payload);
        })));
    }

    [Fact]
    public async Task Disposing_commits_the_writes_already_queued_and_refuses_later_ones()
    {
        var storage = ProbeStorage.Open(DatabasePath);
        await storage.WriteStateAsync(ProbeState.StateName, Grain(-1), new GrainState<ProbeState>(Message(-1)));
        var states = Enumerable.Range(0, 10).Select(i => new GrainState<ProbeState>(Message(i))).ToArray();

        Task[] writes;
        Task disposed;
        await using (await HoldWriteLock())
        {
            writes = [.. states.Select((state, i) => storage.WriteStateAsync(ProbeState.StateName, Grain(i), state))];
            disposed = storage.DisposeAsync().AsTask();
            Assert.False(disposed.IsCompleted);
        }

        await disposed;
        await Task.WhenAll(writes);
        await using var other = ProbeStorage.Open(DatabasePath);
        for (var i = 0; i < states.Length; i++)
            Assert.Equal(states[i].ETag, (await Read(other, Grain(i))).ETag);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteStateAsync(ProbeState.StateName, Grain(0), states[0]));
    }

    private static GrainId Grain(int i) => GrainId.Create("probe", $"grain-{i}");

    private static ProbeState Message(int i) => new() { Counter = i, Payload = $"message {i}" };

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString();

    /// <summary>
    /// Takes SQLite's write lock on a connection of its own. Until that is disposed, the storage's writer cannot commit,
    /// so writes started meanwhile all wait, in at most two batches: the one the writer may have begun, and the next.
    /// </summary>
    private async Task<SqliteConnection> HoldWriteLock()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Starts the probe, waits until it has committed at least <paramref name="atLeast"/>, SIGKILLs it, and returns the last counter it printed.</summary>
    private async Task<long> RunProbeUntilKilled(long atLeast)
    {
        var probe = Path.Combine(AppContext.BaseDirectory, "Hotline.StorageProbe.dll");
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [probe, "write", DatabasePath]) { RedirectStandardOutput = true, RedirectStandardError = true },
        };
        long last = 0;
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (long.TryParse(e.Data, out var counter))
            {
                Interlocked.Exchange(ref last, counter);
                if (counter >= atLeast)
                    reached.TrySetResult();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        try
        {
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return Interlocked.Read(ref last);
    }

    private static Task<GrainState<ProbeState>> Read(IGrainStorage storage) => Read(storage, ProbeState.GrainId);

    private static async Task<GrainState<ProbeState>> Read(IGrainStorage storage, GrainId grainId)
    {
        var state = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync(ProbeState.StateName, grainId, state);
        return state;
    }
}
