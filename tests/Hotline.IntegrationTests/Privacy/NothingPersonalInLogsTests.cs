using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Twilio;

namespace Hotline.IntegrationTests.Privacy;

/// <summary>A hotline with SMS and metrics on: everything it writes to its logs and /metrics, read after a busy while.</summary>
public sealed class LoggedHotlineFixture() : TwilioFixture(new Dictionary<string, string>
{
    ["Hotline__Metrics__Token"] = LoggedHotlineFixture.Token,
})
{
    public const string Token = "scrape-token-for-tests-0123456789";
}

/// <summary>
/// Logs and metrics never carry what a worker said, their phone number, their address or their resume token: a chat,
/// a text, a resume, a failed sign-in and connections from a loopback address of their own, and then every line the
/// process wrote (until it stopped) and the /metrics text are searched for each of them.
/// </summary>
public sealed class NothingPersonalInLogsTests(LoggedHotlineFixture hotline) : IClassFixture<LoggedHotlineFixture>
{
    private const string Number = "+8613912345678";
    private const string Address = "127.0.0.77";

    [Fact]
    public async Task No_message_text_phone_number_address_or_resume_token_is_logged_or_measured()
    {
        var from = System.Net.IPAddress.Parse(Address);
        string resumeToken;
        await using (var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin, "陈老师", cap: 2))
        {
            await counselor.SetPresence("Available");
            await using (var worker = await WorkerSession.Connect(hotline.Server, from))
            {
                var started = await worker.StartChat("我叫李明珠想结束生命 Marigold-Lantern", language: "zh");
                resumeToken = started.ResumeToken;
                await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
                await worker.Send("我在富士康龙华厂区 Quartz-Heron");
                await counselor.Send(started.ConversationId, "谢谢你告诉我 Velvet-Compass");
            }
            await using (var back = await WorkerSession.Connect(hotline.Server, from))
                await back.Resume(resumeToken);

            await using var leaving = hotline.Leaving([Number]);
            await hotline.Text(Number, "老板不给工资 Saffron-Tundra");
            await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview.Contains("Saffron-Tundra"));
        }
        using (var stranger = LoopbackClient.From(Address, hotline.Server.BaseAddress))
            Assert.False((await stranger.PostAsJsonAsync("/api/auth/login", new { userName = "nobody-here", password = "Wrong-Password-1" })).IsSuccessStatusCode);
        using (var scraper = hotline.Server.CreateClient())
        {
            scraper.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LoggedHotlineFixture.Token);
            var metrics = await scraper.GetStringAsync("/metrics");
            Assert.Contains("hotline_messages_total", metrics);
            AssertNothingPersonal(metrics, resumeToken, "/metrics");
        }

        // Stopped, the process has flushed every log line it had.
        await hotline.Server.StopAsync();
        string[] output;
        lock (hotline.Server.Output)
            output = [.. hotline.Server.Output];
        Assert.Contains(output, line => line.Contains("Now listening on"));
        AssertNothingPersonal(string.Join("\n", output), resumeToken, "the log");
    }

    private static void AssertNothingPersonal(string text, string resumeToken, string where)
    {
        string[] secrets =
        [
            "李明珠", "Marigold-Lantern", "富士康龙华", "Quartz-Heron", "Velvet-Compass", "老板不给工资", "Saffron-Tundra",
            Number, "8613912345678", "13912345678", "139 1234 5678", "139-1234-5678", "%2B8613912345678",
            Address, resumeToken,
        ];
        foreach (var secret in secrets)
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            Assert.True(at < 0, $"{where} holds \"{secret}\": …{(at < 0 ? "" : text.Substring(Math.Max(0, at - 120), Math.Min(240, text.Length - Math.Max(0, at - 120))))}…");
        }
    }
}
