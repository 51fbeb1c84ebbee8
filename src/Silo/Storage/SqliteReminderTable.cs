using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans;

namespace Hotline.Silo.Storage;

/// <summary>
/// Orleans reminders in the embedded profile's SQLite file, so that reminders (follow-up tasks) survive a restart.
/// The ETag is a version number, as in <see cref="SqliteGrainStorage"/>.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id   TEXT NOT NULL,
            name       TEXT NOT NULL,
            grain_hash INTEGER NOT NULL,
            start_at   INTEGER NOT NULL,
            period     INTEGER NOT NULL,
            etag       INTEGER NOT NULL,
            PRIMARY KEY (grain_id, name)
        );
        """;

    public Task Init() => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        Query("WHERE grain_id = $id", c => c.Parameters.AddWithValue("$id", grainId.ToString()));

    /// <summary>The reminders whose grains hash into (begin, end], the range wrapping around when begin ≥ end.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        Query(begin < end ? "WHERE grain_hash > $begin AND grain_hash <= $end" : "WHERE grain_hash > $begin OR grain_hash <= $end", c =>
        {
            c.Parameters.AddWithValue("$begin", (long)begin);
            c.Parameters.AddWithValue("$end", (long)end);
        });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await Query("WHERE grain_id = $id AND name = $name", c =>
        {
            c.Parameters.AddWithValue("$id", grainId.ToString());
            c.Parameters.AddWithValue("$name", reminderName);
        });
        return rows.Reminders.FirstOrDefault();
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        await using var connection = await database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (grain_id, name, grain_hash, start_at, period, etag) VALUES ($id, $name, $hash, $start, $period, 1)
            ON CONFLICT (grain_id, name) DO UPDATE SET start_at = $start, period = $period, etag = etag + 1
            RETURNING etag
            """;
        command.Parameters.AddWithValue("$id", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        var etag = Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        await using var connection = await database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE grain_id = $id AND name = $name AND etag = $etag";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$etag", long.TryParse(eTag, CultureInfo.InvariantCulture, out var etag) ? etag : -1);
        return await command.ExecuteNonQueryAsync() == 1;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders";
        await command.ExecuteNonQueryAsync();
    }

    private async Task<ReminderTableData> Query(string where, Action<SqliteCommand> bind)
    {
        await using var connection = await database.Open(Schema);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id, name, start_at, period, etag FROM reminders " + where;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync();
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync())
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }
}
