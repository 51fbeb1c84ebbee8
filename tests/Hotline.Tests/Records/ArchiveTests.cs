using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Silo.Records;

namespace Hotline.Tests.Records;

public sealed class ArchiveCipherTests
{
    private static readonly byte[] Key1 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] Key2 = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void A_sealed_record_opens_to_what_was_sealed_and_names_its_key()
    {
        var cipher = new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = Key1 }, "k1");
        var sealedRecord = cipher.Seal("转录内容"u8.ToArray(), "ad"u8.ToArray());
        Assert.Equal("k1", sealedRecord.KeyId);
        Assert.NotEqual("转录内容"u8.ToArray(), sealedRecord.Ciphertext);
        Assert.Equal("转录内容"u8.ToArray(), cipher.Open(sealedRecord, "ad"u8.ToArray()));
    }

    [Fact]
    public void Any_change_to_the_ciphertext_tag_or_associated_data_is_detected()
    {
        var cipher = new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = Key1 }, "k1");
        var sealedRecord = cipher.Seal("record"u8.ToArray(), "ad"u8.ToArray());
        var flipped = sealedRecord.Ciphertext.ToArray();
        flipped[0] ^= 1;
        Assert.Throws<ArchiveTamperedException>(() => cipher.Open(sealedRecord with { Ciphertext = flipped }, "ad"u8.ToArray()));
        Assert.Throws<ArchiveTamperedException>(() => cipher.Open(sealedRecord with { Tag = new byte[16] }, "ad"u8.ToArray()));
        Assert.Throws<ArchiveTamperedException>(() => cipher.Open(sealedRecord, "other"u8.ToArray()));
        Assert.Throws<ArchiveTamperedException>(() => cipher.Open(sealedRecord with { KeyId = "k9" }, "ad"u8.ToArray()));
    }

    [Fact]
    public void After_rotation_old_records_still_open_and_new_ones_use_the_new_key()
    {
        var old = new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = Key1 }, "k1").Seal("old"u8.ToArray(), []);
        var rotated = new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = Key1, ["k2"] = Key2 }, "k2");
        Assert.Equal("old"u8.ToArray(), rotated.Open(old, []));
        Assert.Equal("k2", rotated.Seal("new"u8.ToArray(), []).KeyId);
    }
}

public sealed class LocalFolderArchiveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hotline-archive-").FullName;
    private readonly ArchiveCipher _cipher = new(new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, "k1");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_record_is_stored_encrypted_read_back_and_a_tampered_file_is_refused()
    {
        var archive = new LocalFolderArchive(_folder, _cipher);
        var id = Guid.NewGuid();
        var closedAt = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        await archive.Put(Record(id, closedAt, "我想说的秘密"));

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.DoesNotContain("秘密", await File.ReadAllTextAsync(file));
        Assert.Equal("我想说的秘密", (await archive.Get(id))!.Messages.Single().Text);

        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace("\"closedAt\":\"2026-11-24T08:00:00+00:00\"", "\"closedAt\":\"2029-11-24T08:00:00+00:00\""));
        await Assert.ThrowsAsync<ArchiveTamperedException>(() => archive.Get(id));
        Assert.Null(await archive.Get(Guid.NewGuid()));
    }

    [Fact]
    public async Task Deleting_by_close_time_removes_only_the_old_records()
    {
        var archive = new LocalFolderArchive(_folder, _cipher);
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await archive.Put(Record(old, new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), "old"));
        await archive.Put(Record(recent, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "recent"));

        var deleted = await archive.DeleteClosedBefore(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal([old], deleted.Deleted.Select(d => d.ConversationId));
        Assert.Null(await archive.Get(old));
        Assert.NotNull(await archive.Get(recent));
    }

    private static ArchiveRecord Record(Guid id, DateTimeOffset closedAt, string text) => new(
        id, Channel.Web, "emotional", "zh", RiskLevel.R1, "counselor-1",
        [new ChatMessage(id, 1, Sender.Worker, text, closedAt.AddMinutes(-30))],
        new WrapUp("emotional", RiskLevel.R1, "counselling", null), null, closedAt.AddMinutes(-31), closedAt.AddMinutes(-29), closedAt);
}
