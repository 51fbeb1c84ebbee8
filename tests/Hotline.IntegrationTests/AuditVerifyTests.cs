using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>
/// A hotline that has audited real steps (accounts made, a supervisor's reads), then stopped; its archived chain
/// checked by the product's own command, <c>audit verify</c>, as an operator runs it.
/// </summary>
public sealed class AuditArchiveFixture : IAsyncLifetime
{
    public HotlineServer Server { get; } = new();

    public int Total { get; private set; }

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        var admin = new Admin(Server);
        await admin.CreateCounselor("李咨询师");
        await admin.CreateCounselor("Counsellor Chen");
        await using (var supervisor = await SupervisorSession.NewSupervisor(Server, admin))
        {
            // The console's read, and the barrier: entries are filed and archived before a later call is answered.
            var audit = await supervisor.Connection.InvokeAsync<JsonElement>("GetAuditLog", 100);
            Assert.True(audit.GetProperty("intact").GetBoolean());
            Total = audit.GetProperty("total").GetInt32();
            Assert.Equal(Total, audit.GetProperty("entries").GetArrayLength());
        }
        await Server.StopAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class AuditVerifyTests(AuditArchiveFixture fixture) : IClassFixture<AuditArchiveFixture>, IDisposable
{
    // A copy of the stopped hotline's data directory for each test to tamper with, and of its key directory beside
    // it (Hotline:Keys:Directory's default), as an operator restores both.
    private readonly string _copy = Copy(fixture.Server.DataDirectory);

    // The one UTC day the hotline ran on, as the archive names it.
    private string DayLog => Directory.GetFiles(Path.Combine(_copy, "archive", "audit"), "*.log").Single();

    private string Today => Path.GetFileNameWithoutExtension(DayLog);

    public void Dispose()
    {
        Directory.Delete(_copy, recursive: true);
        if (Directory.Exists(_copy + "-keys"))
            Directory.Delete(_copy + "-keys", recursive: true);
    }

    private Task<(int ExitCode, string Output, string Error)> Verify(params string[] args) =>
        fixture.Server.RunCommand(new Dictionary<string, string> { ["Hotline__DataDirectory"] = _copy }, ["audit", "verify", .. args]);

    [Fact]
    public async Task An_untouched_archive_verifies_with_a_one_line_summary()
    {
        Assert.True(fixture.Total >= 4, $"the bootstrap admin, two counsellors and a supervisor were made ({fixture.Total} entries)");
        var (exitCode, output, error) = await Verify();
        Assert.Equal((0, $"Audit chain intact: {fixture.Total} entries over 1 days ({Today} to {Today}), every HMAC and day head holds.", ""), (exitCode, output, error));
        Assert.Equal(0, (await Verify("--from", Today)).ExitCode);
    }

    [Fact]
    public async Task A_flipped_byte_is_named()
    {
        var bytes = await File.ReadAllBytesAsync(DayLog);
        var second = Array.IndexOf(bytes, (byte)'\n') + 1;
        var at = second + System.Text.Encoding.UTF8.GetString(bytes[second..]).IndexOf("\"actor\":\"", StringComparison.Ordinal) + "\"actor\":\"".Length;
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(DayLog, bytes);

        Assert.Equal((1, $"Audit chain broken at {Today}: entry 1 was altered: its HMAC does not match its fields."), Outcome(await Verify()));
    }

    [Fact]
    public async Task A_deleted_entry_is_named()
    {
        var lines = (await File.ReadAllLinesAsync(DayLog)).ToList();
        lines.RemoveAt(2);
        await File.WriteAllLinesAsync(DayLog, lines);

        Assert.Equal((1, $"Audit chain broken at {Today}: entry 2 is missing: the entry held there is number 3 (deleted entries)."), Outcome(await Verify()));
    }

    [Fact]
    public async Task A_cut_tail_is_named()
    {
        var lines = await File.ReadAllLinesAsync(DayLog);
        await File.WriteAllLinesAsync(DayLog, lines[..^2]);

        Assert.Equal((1, $"Audit chain broken at {Today}: entry {fixture.Total - 2} is missing: the tail was cut (the head records {fixture.Total} entries, the archive holds {fixture.Total - 2})."), Outcome(await Verify()));
    }

    [Fact]
    public async Task Another_key_verifies_nothing_and_a_missing_archive_is_said_so()
    {
        var otherKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (exitCode, output, _) = await fixture.Server.RunCommand(
            new Dictionary<string, string> { ["Hotline__DataDirectory"] = _copy, ["Hotline__Audit__ChainKey"] = otherKey }, "audit", "verify");
        Assert.Equal((1, $"Audit chain broken at {Today}: entry 0 was altered: its HMAC does not match its fields."), (exitCode, output));

        var empty = Directory.CreateTempSubdirectory("hotline-empty-").FullName;
        var missing = await fixture.Server.RunCommand(new Dictionary<string, string> { ["Hotline__DataDirectory"] = empty }, "audit", "verify");
        Directory.Delete(empty, recursive: true);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("There is no audit archive at", missing.Error);
        Assert.Equal(2, (await Verify("--from", "yesterday")).ExitCode);

        // Without the hotline's key directory there is no key to check with: said so, not every entry called altered.
        Directory.Delete(_copy + "-keys", recursive: true);
        var keyless = await Verify();
        Assert.Equal(2, keyless.ExitCode);
        Assert.Contains("No key to check the chain with", keyless.Error);
    }

    private static (int, string) Outcome((int ExitCode, string Output, string Error) run) => (run.ExitCode, run.Output);

    private static string Copy(string source)
    {
        var copy = Directory.CreateTempSubdirectory("hotline-audit-copy-").FullName;
        CopyFolder(source, copy);
        CopyFolder(source + "-keys", copy + "-keys");
        return copy;
    }

    private static void CopyFolder(string source, string copy)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
