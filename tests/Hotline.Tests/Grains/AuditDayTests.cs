using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tests.Grains;

/// <summary>
/// The audit log over two days of hotline time (the fake clock the callers stamp entries with): day segments of
/// bounded size, one chain across them, and the archive the product writes (the embedded profile's folder) checked
/// by the verifier, untouched and tampered with.
/// </summary>
public sealed class AuditDayTests : HotlineTestCluster
{
    private static readonly DateOnly FirstDay = new(2026, 11, 24);
    private static readonly DateOnly SecondDay = FirstDay.AddDays(1);

    private string AuditFolder => Path.Combine(ArchiveFolder, "audit");

    private IAuditLogGrain Log => Grains.GetGrain<IAuditLogGrain>(0);

    protected override void UseArchive(ISiloBuilder silo, IConfiguration configuration)
    {
        base.UseArchive(silo, configuration);
        silo.Services.AddSingleton<IAuditArchive>(new LocalFolderAuditArchive(AuditFolder));
    }

    /// <summary>Three entries on the first day (one a supervisor's real step), then <paramref name="secondDay"/> on the next.</summary>
    private async Task<Guid> TwoDays(int secondDay)
    {
        var (conversationId, _) = await ActiveConversation();
        await Conversation(conversationId).Monitor("supervisor-wang");
        await Log.Record(new AuditEntry("admin", AuditActions.AccountCreate, Guid.Empty, Clock.GetUtcNow(), "counselor-li"));
        await Log.Record(new AuditEntry("supervisor-wang", AuditActions.ReportRead, Guid.Empty, Clock.GetUtcNow(), "2026-11"));
        await Advance(TimeSpan.FromDays(1));
        for (var i = 0; i < secondDay; i++)
            await Log.Record(new AuditEntry("supervisor-wang", AuditActions.Monitor, conversationId, Clock.GetUtcNow().AddSeconds(i)));
        return conversationId;
    }

    private Task<AuditVerdict> Verify(DateOnly? from = null) => new AuditChainVerifier(AuditChain, new LocalFolderAuditArchive(AuditFolder)).Verify(from);

    private string DayFile(DateOnly day, string extension) => Path.Combine(AuditFolder, AuditLine.NameOf(day, extension));

    [Fact]
    public async Task Entries_land_in_pages_of_their_day_and_no_stored_state_grows_past_a_page()
    {
        var conversationId = await TwoDays(AuditSegments.PageSize + 2);

        Assert.Equal(3, (await Grains.GetGrain<IAuditDayGrain>("2026-11-24/0").Read()).Entries.Count);
        var second = await Grains.GetGrain<IAuditDayGrain>("2026-11-25/0").Read();
        var third = await Grains.GetGrain<IAuditDayGrain>("2026-11-25/1").Read();
        Assert.Equal((AuditSegments.PageSize, "2026-11-24/0"), (second.Entries.Count, second.Previous));
        Assert.Equal((2, "2026-11-25/0"), (third.Entries.Count, third.Previous));
        Assert.Equal(Enumerable.Range(0, AuditSegments.PageSize + 2), second.Entries.Concat(third.Entries).Select(e => e.Index));
        // One chain across the day boundary.
        Assert.Equal((await Grains.GetGrain<IAuditDayGrain>("2026-11-24/0").Read()).Entries[^1].Hash, second.Entries[0].PreviousHash);

        // The newest entries come from the newest pages back, across days, newest first.
        var page = await Log.Latest(1000);
        Assert.Equal((AuditSegments.PageSize + 5, true, -1), (page.Total, page.Intact, page.FirstBroken));
        Assert.Equal(AuditSegments.PageSize + 5, page.Entries.Count);
        Assert.Equal((SecondDay, AuditSegments.PageSize + 1), (page.Entries[0].Day, page.Entries[0].Index));
        Assert.Equal((FirstDay, 0, AuditActions.Monitor), (page.Entries[^1].Day, page.Entries[^1].Index, page.Entries[^1].Entry.Action));
        Assert.Equal(AuditSegments.PageSize + 3, (await Log.For(conversationId)).Count);

        // What is stored: the head stays a few fields once the archive has its entries; a day's page holds at most a page.
        var sizes = await StoredAuditSizes();
        Assert.Equal(["2026-11-24/0", "2026-11-25/0", "2026-11-25/1"], sizes.Where(s => s.State == "audit-day").Select(s => s.Key).Order());
        var fullPage = sizes.Single(s => s.Key == "2026-11-25/0").Bytes;
        Assert.All(sizes.Where(s => s.State == "audit-day"), s => Assert.InRange(s.Bytes, 1, fullPage));
        Assert.InRange(sizes.Single(s => s.State == "audit-head").Bytes, 1, 2048);
    }

    [Fact]
    public async Task The_archived_chain_over_two_days_verifies_with_a_sealed_head_for_each_day()
    {
        await TwoDays(2);

        var verdict = await Verify();
        Assert.True(verdict.Intact, verdict.Summary);
        Assert.Equal("Audit chain intact: 5 entries over 2 days (2026-11-24 to 2026-11-25), every HMAC and day head holds.", verdict.Summary);
        var firstHead = System.Text.Json.JsonSerializer.Deserialize<AuditDayHead>(await File.ReadAllTextAsync(DayFile(FirstDay, "head")), AuditLine.Json)!;
        var secondHead = System.Text.Json.JsonSerializer.Deserialize<AuditDayHead>(await File.ReadAllTextAsync(DayFile(SecondDay, "head")), AuditLine.Json)!;
        Assert.Equal((3, true, false), (firstHead.Count, firstHead.Closed, secondHead.Closed));
        Assert.Equal(firstHead.LastHash, secondHead.FirstPreviousHash);
        Assert.True((await Verify(SecondDay)).Intact);
        Assert.DoesNotContain("hello", await File.ReadAllTextAsync(DayFile(FirstDay, "log")));
    }

    [Fact]
    public async Task A_flipped_byte_is_named()
    {
        await TwoDays(2);
        var path = DayFile(FirstDay, "log");
        var bytes = await File.ReadAllBytesAsync(path);
        // In the second line's actor ("admin" becomes "admio").
        var at = IndexOf(bytes, "\"actor\":\"admin\"") + "\"actor\":\"admi".Length;
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        Assert.Equal((false, "Audit chain broken at 2026-11-24: entry 1 was altered: its HMAC does not match its fields."), Unpack(await Verify()));
    }

    [Fact]
    public async Task A_deleted_entry_is_named()
    {
        await TwoDays(3);
        var path = DayFile(SecondDay, "log");
        var lines = (await File.ReadAllLinesAsync(path)).ToList();
        lines.RemoveAt(1);
        await File.WriteAllLinesAsync(path, lines);

        Assert.Equal((false, "Audit chain broken at 2026-11-25: entry 1 is missing: the entry held there is number 2 (deleted entries)."), Unpack(await Verify()));
    }

    [Fact]
    public async Task A_cut_tail_is_named_on_the_open_day_and_on_a_closed_one()
    {
        await TwoDays(3);
        var second = DayFile(SecondDay, "log");
        var lines = await File.ReadAllLinesAsync(second);
        await File.WriteAllLinesAsync(second, lines[..1]);
        Assert.Equal((false, "Audit chain broken at 2026-11-25: entry 1 is missing: the tail was cut (the head records 3 entries, the archive holds 1)."), Unpack(await Verify()));

        await File.WriteAllLinesAsync(second, lines);
        Assert.True((await Verify()).Intact);
        // The first day's last entry and its head removed together: the next day no longer follows it.
        var first = DayFile(FirstDay, "log");
        await File.WriteAllLinesAsync(first, (await File.ReadAllLinesAsync(first))[..2]);
        File.Delete(DayFile(FirstDay, "head"));
        Assert.Equal((false, "Audit chain broken at 2026-11-24: the day's head is missing or unreadable, so its end cannot be checked (2 entries held)."), Unpack(await Verify()));
    }

    [Fact]
    public async Task A_whole_log_rewritten_without_the_key_is_found_at_its_first_entry()
    {
        await TwoDays(1);
        var forger = new AuditChain(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var path = DayFile(FirstDay, "log");
        var lines = (await File.ReadAllLinesAsync(path)).Select(l => System.Text.Json.JsonSerializer.Deserialize<AuditLine>(l, AuditLine.Json)!.ToEntry()).ToList();
        var forged = new List<string>();
        var previous = AuditChain.Genesis;
        foreach (var entry in lines)
        {
            var sealedEntry = forger.Seal(previous, entry.Day, entry.Index, entry.Entry with { Actor = "nobody" });
            forged.Add(AuditLine.Of(sealedEntry).ToJson().TrimEnd('\n'));
            previous = sealedEntry.Hash;
        }
        await File.WriteAllLinesAsync(path, forged);
        await File.WriteAllTextAsync(DayFile(FirstDay, "head"), System.Text.Json.JsonSerializer.Serialize(forger.SealHead(FirstDay, 3, AuditChain.Genesis, previous, closed: true), AuditLine.Json));

        Assert.Equal((false, "Audit chain broken at 2026-11-24: entry 0 was altered: its HMAC does not match its fields."), Unpack(await Verify()));
    }

    private static (bool, string) Unpack(AuditVerdict verdict) => (verdict.Intact, verdict.Summary);

    private static int IndexOf(byte[] bytes, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return bytes.AsSpan().IndexOf(needle);
    }

    private async Task<List<(string State, string Key, long Bytes)>> StoredAuditSizes()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT state_name, grain_id, length(payload) FROM grain_state WHERE state_name LIKE 'audit%'";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, long)>();
        while (await reader.ReadAsync())
        {
            var grainId = reader.GetString(1);
            rows.Add((reader.GetString(0), grainId[(grainId.IndexOf('/') + 1)..], reader.GetInt64(2)));
        }
        return rows;
    }
}
