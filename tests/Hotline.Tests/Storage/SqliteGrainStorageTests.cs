using System.Diagnostics;
using Hotline.Silo.Storage;
using Hotline.StorageProbe;
using Orleans.Storage;

namespace Hotline.Tests.Storage;

/// <summary>The embedded profile's grain storage: ETags refuse stale writes, and a killed process loses no commit.</summary>
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

    private static async Task<GrainState<ProbeState>> Read(IGrainStorage storage)
    {
        var state = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync(ProbeState.StateName, ProbeState.GrainId, state);
        return state;
    }
}
