using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Hotline.Silo.Supervision;
using Hotline.Tests.Fixtures;

namespace Hotline.Tests.Records;

/// <summary>The transcript archive on a real Azurite: sealed blobs, tamper detection, retention by close time.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobTranscriptArchiveTests(AzuriteServer azurite)
{
    private static readonly DateTimeOffset ClosedAt = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private readonly BlobContainerClient _container = azurite.NewContainer();
    private readonly ArchiveEnvelope _envelope = new(new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, "k1"));

    private BlobTranscriptArchive Archive => new(new ArchiveContainer(_container), _envelope);

    [Fact]
    public async Task A_record_round_trips_through_blob_storage_which_holds_only_ciphertext()
    {
        var id = Guid.NewGuid();
        Assert.False(await _container.ExistsAsync());
        await Archive.Put(Record(id, ClosedAt, "the-plan-is-tonight 我想说的秘密"));

        var blob = Assert.Single(await Names(BlobTranscriptArchive.Folder));
        Assert.Equal($"transcripts/{id:N}.record", blob);
        var stored = (await _container.GetBlobClient(blob).DownloadContentAsync()).Value;
        var text = stored.Content.ToString();
        Assert.DoesNotContain("the-plan-is-tonight", text);
        Assert.DoesNotContain("我想说的秘密", text);
        Assert.DoesNotContain(JsonSerializer.Serialize("我想说的秘密").Trim('"'), text);
        Assert.Equal("k1", JsonNode.Parse(text)!["keyId"]!.GetValue<string>());
        Assert.Equal(ClosedAt, DateTimeOffset.Parse(stored.Details.Metadata["closedat"]));

        var read = await Archive.Get(id);
        Assert.Equal(("the-plan-is-tonight 我想说的秘密", ClosedAt, "counselling"), (read!.Messages.Single().Text, read.ClosedAt, read.WrapUp!.Action));
        Assert.Null(await Archive.Get(Guid.NewGuid()));
    }

    [Fact]
    public async Task An_altered_swapped_or_re_dated_blob_is_reported_as_tampered()
    {
        var (flipped, moved, redated, garbled) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var id in new[] { flipped, moved, redated, garbled })
            await Archive.Put(Record(id, ClosedAt, "text"));

        await Rewrite(flipped, envelope =>
        {
            var ciphertext = Convert.FromBase64String(envelope["ciphertext"]!.GetValue<string>());
            ciphertext[^1] ^= 1;
            envelope["ciphertext"] = Convert.ToBase64String(ciphertext);
        });
        await Rewrite(redated, envelope => envelope["closedAt"] = ClosedAt.AddYears(3).ToString("O"));
        await _container.GetBlobClient(BlobTranscriptArchive.BlobName(moved)).UploadAsync(
            (await _container.GetBlobClient(BlobTranscriptArchive.BlobName(garbled)).DownloadContentAsync()).Value.Content, overwrite: true);
        // One character of the ciphertext changed for another base64 letter: the blob still parses, and must not open.
        // (Flipping a bit at a fixed offset sometimes only changed the case of a property name, which still parsed.)
        var bytes = (await _container.GetBlobClient(BlobTranscriptArchive.BlobName(garbled)).DownloadContentAsync()).Value.Content.ToArray();
        var field = System.Text.Encoding.ASCII.GetString(bytes).IndexOf("\"ciphertext\":\"", StringComparison.Ordinal);
        Assert.True(field >= 0, "the envelope has a ciphertext field");
        var at = field + "\"ciphertext\":\"".Length + 8;
        bytes[at] = bytes[at] == (byte)'A' ? (byte)'B' : (byte)'A';
        await _container.GetBlobClient(BlobTranscriptArchive.BlobName(garbled)).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);

        foreach (var id in new[] { flipped, moved, redated, garbled })
            await Assert.ThrowsAsync<ArchiveTamperedException>(() => Archive.Get(id));
    }

    [Fact]
    public async Task Retention_deletes_only_the_blobs_closed_before_the_cutoff()
    {
        var (older, old, recent) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Archive.Put(Record(older, new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero), "older"));
        await Archive.Put(Record(old, new DateTimeOffset(2023, 12, 31, 23, 59, 0, TimeSpan.Zero), "old"));
        await Archive.Put(Record(recent, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), "recent"));

        var deleted = await Archive.DeleteClosedBefore(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(
            new[] { (older, new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero)), (old, new DateTimeOffset(2023, 12, 31, 23, 59, 0, TimeSpan.Zero)) }.OrderBy(d => d.Item1),
            deleted.Deleted.OrderBy(d => d.ConversationId));
        Assert.Equal([BlobTranscriptArchive.BlobName(recent)], await Names(BlobTranscriptArchive.Folder));
        Assert.NotNull(await Archive.Get(recent));
        Assert.Empty((await Archive.DeleteClosedBefore(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero))).Deleted);
    }

    private async Task Rewrite(Guid id, Action<JsonNode> change)
    {
        var blob = _container.GetBlobClient(BlobTranscriptArchive.BlobName(id));
        var envelope = JsonNode.Parse((await blob.DownloadContentAsync()).Value.Content.ToString())!;
        change(envelope);
        await blob.UploadAsync(BinaryData.FromString(envelope.ToJsonString()), overwrite: true);
    }

    private async Task<List<string>> Names(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, default))
            names.Add(blob.Name);
        return names;
    }

    internal static ArchiveRecord Record(Guid id, DateTimeOffset closedAt, string text) => new(
        id, Channel.Web, "emotional", "zh", RiskLevel.R1, "counselor-1",
        [new ChatMessage(id, 1, Sender.Worker, text, closedAt.AddMinutes(-30))],
        new WrapUp("emotional", RiskLevel.R1, "counselling", null), null, closedAt.AddMinutes(-31), closedAt.AddMinutes(-29), closedAt);
}

/// <summary>The audit log in append blobs on a real Azurite: one line per entry, in chain order, never twice.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobAuditArchiveTests(AzuriteServer azurite)
{
    private readonly BlobContainerClient _container = azurite.NewContainer();

    [Fact]
    public async Task Entries_go_to_one_append_blob_per_UTC_day_in_chain_order_and_a_retry_never_doubles_a_line()
    {
        var key = new AuditChain(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var chain = new List<ChainedAuditEntry>();
        foreach (var at in new[] { "2026-11-24T08:00:00Z", "2026-11-24T23:59:59Z", "2026-11-25T00:00:00Z", "2026-11-25T09:30:00Z", "2026-11-25T10:00:00Z" })
        {
            var day = DateOnly.FromDateTime(DateTimeOffset.Parse(at).UtcDateTime);
            chain.Add(key.Seal(chain.Count == 0 ? AuditChain.Genesis : chain[^1].Hash, day, chain.Count(e => e.Day == day),
                new AuditEntry("supervisor-wang", AuditActions.Monitor, Guid.NewGuid(), DateTimeOffset.Parse(at))));
        }
        var storage = new ArchiveContainer(_container);

        var archive = new BlobAuditArchive(storage);
        await archive.Append(chain[..2]);
        // The first two again, as a grain retrying after an unclear failure would send them.
        await archive.Append(chain[..4]);
        // A restarted silo knows nothing of the blobs' ends: it reads them back.
        await new BlobAuditArchive(storage).Append(chain);

        Assert.Equal(["audit/2026-11-24.log", "audit/2026-11-25.log"], await Names());
        var lines = (await Lines("audit/2026-11-24.log")).Concat(await Lines("audit/2026-11-25.log")).ToList();
        Assert.Equal(chain.Select(e => e.Hash), lines.Select(l => l.Hash));
        Assert.Equal(-1, key.FirstBroken(lines.Select(l => l.ToEntry()).ToList()));
        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)], await archive.Days());
    }

    private async Task<List<AuditLine>> Lines(string name)
    {
        var text = (await _container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<AuditLine>(l, JsonSerializerOptions.Web)!).ToList();
    }

    private async Task<List<string>> Names()
    {
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobAuditArchive.Folder, default))
            names.Add(blob.Name);
        return names;
    }
}

/// <summary>What happens when storage does not answer properly: a bounded number of tries, then the caller hears of it.</summary>
public sealed class ArchiveContainerTests
{
    [Fact]
    public async Task A_transient_failure_is_tried_four_times_within_seconds_and_then_surfaces_as_unavailable()
    {
        // A server that is always busy: it answers every request with 503 and closes the connection.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var requests = 0;
        using var stop = new CancellationTokenSource();
        var server = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptSocketAsync(stop.Token);
                var received = new StringBuilder();
                var buffer = new byte[4096];
                while (!received.ToString().Contains("\r\n\r\n"))
                    received.Append(Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, stop.Token)));
                Interlocked.Increment(ref requests);
                await socket.SendAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
        });
        var container = new BlobContainerClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            "unreachable", ArchiveContainer.ClientOptions());
        var archive = new BlobTranscriptArchive(new ArchiveContainer(container), new ArchiveEnvelope(new ArchiveCipher(new Dictionary<string, byte[]> { ["k1"] = new byte[32] }, "k1")));

        var started = TimeProvider.System.GetTimestamp();
        var unavailable = await Assert.ThrowsAsync<ArchiveUnavailableException>(() => archive.Put(BlobTranscriptArchiveTests.Record(Guid.NewGuid(), DateTimeOffset.UtcNow, "text")));
        Assert.Equal(503, Assert.IsType<Azure.RequestFailedException>(unavailable.InnerException).Status);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server);
        Assert.Equal(4, requests);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }
}
