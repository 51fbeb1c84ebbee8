using System.Text;
using Hotline.Silo.Keys;
using Hotline.Silo.Storage;
using Hotline.StorageProbe;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace Hotline.Tests.Keys;

/// <summary>
/// Grain state sealed on its way to a real SQLite store: nothing in clear, a changed byte or a moved state does not
/// open, a destroyed data key makes its states read as no record, and a new KEK takes over without rewriting.
/// </summary>
public sealed class SealedGrainStorageTests : IDisposable
{
    private const string Secret = "心里话-clear-text-check-3391";
    private static readonly GrainId Conversation = GrainId.Create("conversation", Guid.NewGuid().ToString("N"));
    private static readonly GrainId Other = GrainId.Create("conversation", Guid.NewGuid().ToString("N"));

    private readonly string _directory = Directory.CreateTempSubdirectory("hotline-sealed-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(ProbeState).Assembly).AddAssembly(typeof(SealedState).Assembly))
        .BuildServiceProvider();
    private readonly SqliteGrainStorage _unsealed;
    private readonly SqliteWrappedKeyStore _keyStore;

    public SealedGrainStorageTests()
    {
        _unsealed = new SqliteGrainStorage(new SqliteDatabase(Path.Combine(_directory, "grains.db")), new OrleansGrainStorageSerializer(Serializer));
        _keyStore = new SqliteWrappedKeyStore(Path.Combine(_directory, "data-keys.db"));
    }

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public void Dispose()
    {
        _unsealed.Dispose();
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_state_reads_back_and_the_store_holds_only_the_key_id_and_ciphertext()
    {
        var storage = Sealed(Keks(("1", 1)));
        await Write(storage, Conversation, Secret);

        var read = await Read(storage, Conversation);
        Assert.True(read.RecordExists);
        Assert.Equal(Secret, read.State!.Payload);
        var stored = await Stored(Conversation);
        Assert.Equal(DataKeyIds.For(Conversation), stored.KeyId);
        Assert.StartsWith("conversation-", stored.KeyId);
        foreach (var file in Directory.GetFiles(_directory))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)) < 0, $"{file} holds the state in clear");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Secret)) < 0, $"{file} holds the state in clear (UTF-16)");
        }
    }

    [Fact]
    public async Task One_changed_byte_and_the_state_does_not_open()
    {
        var storage = Sealed(Keks(("1", 1)));
        await Write(storage, Conversation, Secret);
        var raw = new GrainState<object>();
        await _unsealed.ReadStateAsync("probe", Conversation, raw);
        var stored = (SealedState)raw.State!;
        var flipped = stored.Ciphertext.ToArray();
        flipped[0] ^= 1;
        raw.State = stored with { Ciphertext = flipped };
        await _unsealed.WriteStateAsync("probe", Conversation, raw);

        var read = await Read(storage, Conversation);
        Assert.False(read.RecordExists);
        Assert.Equal("", read.State!.Payload);
        // The store's ETag is kept, so that the grain can write over what no longer opens.
        Assert.Equal(raw.ETag, read.ETag);
        read.State = ProbeState.For(2);
        await storage.WriteStateAsync("probe", Conversation, read);
        Assert.True((await Read(storage, Conversation)).RecordExists);
    }

    [Fact]
    public async Task A_state_moved_to_another_grain_does_not_open_there()
    {
        var storage = Sealed(Keks(("1", 1)));
        await Write(storage, Conversation, Secret);
        // The other grain's key exists too, as it would: only the associated data tells the two apart.
        await Write(storage, Other, "the other conversation");
        var moved = new GrainState<object>();
        await _unsealed.ReadStateAsync("probe", Other, moved);
        moved.State = await Stored(Conversation) with { KeyId = DataKeyIds.For(Other) };
        await _unsealed.WriteStateAsync("probe", Other, moved);
        Assert.False((await Read(storage, Other)).RecordExists);

        var renamed = new GrainState<object>(await Stored(Conversation));
        await _unsealed.WriteStateAsync("another-state", Conversation, renamed);
        Assert.False((await Read(storage, Conversation, "another-state")).RecordExists);
    }

    [Fact]
    public async Task The_keys_held_in_memory_stay_within_the_cap_and_states_still_open_past_it()
    {
        var keys = new DataKeys(_keyStore, Keks(("1", 1)), cacheSize: 3);
        var storage = Sealed(keys);
        var grains = Enumerable.Range(0, 10).Select(i => GrainId.Create("worker", $"capped-{i}")).ToList();
        foreach (var grain in grains)
            await Write(storage, grain, $"state of {grain}");

        Assert.InRange(keys.Cached, 1, 3);
        foreach (var grain in grains)
            Assert.Equal($"state of {grain}", (await Read(storage, grain)).State!.Payload);
        Assert.InRange(keys.Cached, 1, 3);
    }

    [Fact]
    public async Task Destroying_the_data_key_makes_the_state_read_as_no_record()
    {
        var keys = DataKeys(Keks(("1", 1)));
        var storage = Sealed(keys);
        await Write(storage, Conversation, Secret);
        await Write(storage, Other, "kept");

        await keys.Destroy(DataKeyIds.For(Conversation));

        // A fresh silo's view too (no key in memory): the key is gone from the store, not just forgotten here.
        foreach (var reader in new[] { storage, Sealed(Keks(("1", 1))) })
        {
            var read = await Read(reader, Conversation);
            Assert.False(read.RecordExists);
            Assert.NotNull(read.ETag);
            Assert.Equal("kept", (await Read(reader, Other)).State!.Payload);
        }
        Assert.Null(await _keyStore.Find(DataKeyIds.For(Conversation)));
        Assert.Null(await keys.Find(DataKeyIds.For(Conversation)));
    }

    [Fact]
    public async Task After_a_new_KEK_becomes_active_old_states_open_and_new_keys_are_wrapped_by_it()
    {
        await Write(Sealed(Keks(("1", 1))), Conversation, Secret);

        var rotated = Sealed(Keks(("1", 1), ("2", 2), active: "2"));
        Assert.Equal(Secret, (await Read(rotated, Conversation)).State!.Payload);
        await Write(rotated, Other, "after rotation");

        Assert.Equal("1", KeyEncryptionKeys.WrappedBy((await _keyStore.Find(DataKeyIds.For(Conversation)))!));
        Assert.Equal("2", KeyEncryptionKeys.WrappedBy((await _keyStore.Find(DataKeyIds.For(Other)))!));
        // Without the old KEK the old key cannot be unwrapped: a configuration fault, refused loudly, never read as "gone".
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => Read(Sealed(Keks(("2", 2), active: "2")), Conversation));
    }

    [Fact]
    public async Task A_wrapped_key_moved_to_another_id_does_not_unwrap()
    {
        var keks = Keks(("1", 1));
        var wrapped = keks.Wrap(DataKeyIds.For(Conversation), new byte[32]);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => keks.Unwrap(DataKeyIds.For(Other), wrapped));
        Assert.Equal(new byte[32], keks.Unwrap(DataKeyIds.For(Conversation), wrapped));
    }

    [Fact]
    public async Task A_state_written_before_sealing_still_reads_and_is_sealed_by_its_next_write()
    {
        var legacy = new GrainState<ProbeState>(new ProbeState { Counter = 5, Payload = Secret });
        await _unsealed.WriteStateAsync("probe", Conversation, legacy);

        var storage = Sealed(Keks(("1", 1)));
        var read = await Read(storage, Conversation);
        Assert.True(read.RecordExists);
        Assert.Equal((5, Secret), (read.State!.Counter, read.State!.Payload));
        await storage.WriteStateAsync("probe", Conversation, read);
        Assert.Equal(DataKeyIds.For(Conversation), (await Stored(Conversation)).KeyId);
        Assert.Equal(Secret, (await Read(storage, Conversation)).State!.Payload);
    }

    private static KeyEncryptionKeys Keks(params (string Id, byte Fill)[] keys) => Keks(keys, keys[0].Id);

    private static KeyEncryptionKeys Keks((string Id, byte Fill) first, (string Id, byte Fill) second, string active) => Keks([first, second], active);

    private static KeyEncryptionKeys Keks((string Id, byte Fill) only, string active) => Keks([only], active);

    private static KeyEncryptionKeys Keks((string Id, byte Fill)[] keys, string active) =>
        new(keys.ToDictionary(k => k.Id, k => Enumerable.Repeat(k.Fill, 32).ToArray()), active);

    private DataKeys DataKeys(KeyEncryptionKeys keks) => new(_keyStore, keks);

    private SealedGrainStorage Sealed(KeyEncryptionKeys keks) => Sealed(DataKeys(keks));

    private SealedGrainStorage Sealed(IDataKeys keys) => new(_unsealed, keys, Serializer, NullLogger<SealedGrainStorage>.Instance);

    private static async Task Write(IGrainStorage storage, GrainId grain, string payload)
    {
        var state = await Read(storage, grain);
        state.State = new ProbeState { Counter = 1, Payload = payload };
        await storage.WriteStateAsync("probe", grain, state);
    }

    private static async Task<GrainState<ProbeState>> Read(IGrainStorage storage, GrainId grain, string stateName = "probe")
    {
        var state = new GrainState<ProbeState>();
        await storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private async Task<SealedState> Stored(GrainId grain)
    {
        var raw = new GrainState<object>();
        await _unsealed.ReadStateAsync("probe", grain, raw);
        return Assert.IsType<SealedState>(raw.State);
    }
}
