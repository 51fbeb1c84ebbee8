using Hotline.Silo.Storage;
using Orleans;

namespace Hotline.Tests.Storage;

public sealed class SqliteReminderTableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hotline-reminders-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private SqliteReminderTable Table() => new(new SqliteDatabase(Path.Combine(_directory, "grains.db")));

    [Fact]
    public async Task A_reminder_is_stored_read_back_by_grain_and_by_hash_range_and_survives_a_new_table()
    {
        var grain = GrainId.Create("follow-ups", "0");
        var start = new DateTime(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);
        var etag = await Table().UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "wake", StartAt = start, Period = TimeSpan.FromMinutes(5) });

        var row = await Table().ReadRow(grain, "wake");
        Assert.Equal((start, TimeSpan.FromMinutes(5), etag), (row!.StartAt, row.Period, row.ETag));
        Assert.Single((await Table().ReadRows(grain)).Reminders);
        var hash = grain.GetUniformHashCode();
        Assert.Single((await Table().ReadRows(hash - 1, hash)).Reminders);
        Assert.Empty((await Table().ReadRows(hash, hash + 1 == 0 ? 1 : hash + 1)).Reminders);
        Assert.Single((await Table().ReadRows(unchecked(hash + 1), hash)).Reminders);
    }

    [Fact]
    public async Task Updates_change_the_etag_and_a_stale_etag_cannot_remove()
    {
        var table = Table();
        var grain = GrainId.Create("follow-ups", "0");
        var first = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "wake", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(5) });
        var second = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "wake", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(10) });
        Assert.NotEqual(first, second);

        Assert.False(await table.RemoveRow(grain, "wake", first!));
        Assert.NotNull(await table.ReadRow(grain, "wake"));
        Assert.True(await table.RemoveRow(grain, "wake", second!));
        Assert.Null(await table.ReadRow(grain, "wake"));
    }
}
