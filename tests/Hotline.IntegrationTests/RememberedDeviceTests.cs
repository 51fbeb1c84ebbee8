using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// A remembered device's key over the worker hub, against the real server: a malformed one is refused with its code
/// before anything starts, and what the server stores names the device only by its keyed hash.
/// </summary>
public sealed class RememberedDeviceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    public static TheoryData<string, string> BadKeys => new()
    {
        { "too short", new string('a', 42) },
        { "too long", new string('a', 44) },
        { "empty", "" },
        { "base64 with + and /", "ab+/" + new string('a', 39) },
        { "padded", new string('a', 42) + "=" },
        { "not ASCII", "设备" + new string('a', 41) },
        { "a space inside", "aaaa aaaa" + new string('a', 34) },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_malformed_device_key_is_refused_with_its_code_and_the_window_can_still_start(string what, string deviceKey)
    {
        await using var worker = await WorkerSession.Connect(Server);
        var refused = await HubRefusal.Coded(what, () => Start(worker, deviceKey));
        Assert.Equal(RefusalCodes.DeviceKeyInvalid, refused.Code);
        Assert.Contains("Remember this device", refused.Sentence);
        Assert.Contains("12356", refused.Sentence);
        // Nothing was started: the same window starts a chat with a good key.
        var started = await Start(worker, NewDeviceKey());
        Assert.True(started.GetProperty("conversationId").GetGuid() != Guid.Empty);
    }

    [Fact]
    public async Task The_store_keeps_the_device_only_as_a_keyed_hash()
    {
        var deviceKey = NewDeviceKey();
        await using var first = await WorkerSession.Connect(Server);
        var started = await Start(first, deviceKey);
        await using var second = await WorkerSession.Connect(Server);
        await Start(second, deviceKey);
        await using var resumed = await WorkerSession.Connect(Server);
        await resumed.Resume(started.GetProperty("resumeToken").GetString()!);

        var stored = StoredBytes();
        // What the scan reads is the grains' store: the device's worker is there, under its keyed hash.
        Assert.Contains("device-", Encoding.ASCII.GetString(stored));
        var plainHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(deviceKey)));
        foreach (var form in new[] { deviceKey, plainHash })
        {
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)));
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.Unicode.GetBytes(form)));
        }
        lock (Server.Output)
            Assert.DoesNotContain(deviceKey, string.Join("\n", Server.Output));
    }

    private static async Task<JsonElement> Start(WorkerSession worker, string deviceKey) =>
        await worker.Connection.InvokeAsync<JsonElement>("StartChat", new { topic = "emotional", language = "zh", firstMessage = "记住我", consentVersion = PrivacyNotice.Version, deviceKey });

    /// <summary>As the page makes one: 32 random bytes, base64url without padding.</summary>
    private static string NewDeviceKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Every file under the data directory (the SQLite store and its write-ahead log among them), read while the server runs.</summary>
    private byte[] StoredBytes()
    {
        using var all = new MemoryStream();
        foreach (var path in Directory.EnumerateFiles(Server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(all);
        }
        return all.ToArray();
    }
}
