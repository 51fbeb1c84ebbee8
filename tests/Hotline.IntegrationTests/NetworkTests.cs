using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>
/// GET /api/network over the public contract: each reader gets the lines their scope covers (a province's supervisor
/// their province and its cities, an admin the network), each line with its own live load and today's figures, and
/// a chat a line above answered counted as answered by backup there, in the live figures and in reports.
/// </summary>
public sealed class NetworkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_province_s_supervisor_sees_its_lines_only_an_admin_the_network_and_a_chat_waits_on_its_own_line()
    {
        using var anonymous = Server.CreateClient();
        var refused = await anonymous.GetAsync("/api/network");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var (counselorName, password) = await fixture.Admin.CreateCounselor("株洲·陈老师", lines: ["zhuzhou"]);
        var counselorToken = await Server.LoginAsync(counselorName, password);
        using (var asCounselor = Client(counselorToken))
        {
            var forbidden = await asCounselor.GetAsync("/api/network");
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        }

        await using var zhuzhou = await CounselorSession.Connect(Server, counselorToken);
        await zhuzhou.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(Server);
        await worker.StartChat("洛阳的职工想聊聊", line: "luoyang");

        // The admin: all 12 lines, in the network's order, the chat waiting on Luoyang's own row and in Henan's roll-up.
        using var admin = await fixture.Admin.Client();
        var network = await Eventually(admin, lines => Line(lines, "luoyang").GetProperty("waiting").GetInt32() == 1);
        Assert.True(network.TryGetProperty("at", out _));
        var lines = network.GetProperty("lines");
        Assert.Equal(12, lines.GetArrayLength());
        Assert.Equal("national", lines[0].GetProperty("id").GetString());
        var luoyang = Line(lines, "luoyang");
        Assert.Equal(("洛阳市总工会职工心理援助热线", "Luoyang Federation of Trade Unions support line", "henan"),
            (luoyang.GetProperty("zh").GetString(), luoyang.GetProperty("en").GetString(), luoyang.GetProperty("parent").GetString()));
        Assert.Equal(JsonValueKind.Null, luoyang.GetProperty("rolledUp").ValueKind);
        var henan = Line(lines, "henan");
        Assert.Equal(0, henan.GetProperty("waiting").GetInt32());
        Assert.Equal(1, henan.GetProperty("rolledUp").GetProperty("waiting").GetInt32());
        // The national line is open around the clock and nobody serves it: below its 2 seats, and nothing to divide yet.
        var national = Line(lines, "national");
        Assert.True(national.GetProperty("openNow").GetBoolean());
        Assert.Equal((0, 2), (national.GetProperty("onDuty").GetInt32(), national.GetProperty("minimumSeats").GetInt32()));
        Assert.True(national.GetProperty("belowMinimumSeats").GetBoolean());
        Assert.Equal(JsonValueKind.Null, national.GetProperty("answerRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, national.GetProperty("parent").ValueKind);

        // Hunan's supervisor: Hunan, Changsha and Zhuzhou, with Zhuzhou's counsellor on duty, and nothing of Luoyang.
        var (supervisorName, _) = await fixture.Admin.CreateCounselor("湖南·督导", role: "supervisor", lines: ["hunan"]);
        using var supervisor = Client(await Server.LoginAsync(supervisorName, password));
        var province = (await Eventually(supervisor, lines => Line(lines, "zhuzhou").GetProperty("onDuty").GetInt32() == 1)).GetProperty("lines");
        Assert.Equal(["hunan", "changsha", "zhuzhou"], province.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(0, Line(province, "hunan").GetProperty("onDuty").GetInt32());
        Assert.Equal(1, Line(province, "hunan").GetProperty("rolledUp").GetProperty("onDuty").GetInt32());
    }

    [Fact]
    public async Task A_chat_the_province_answers_for_its_city_counts_as_answered_by_backup_on_the_console_in_the_live_figures_and_in_reports()
    {
        // Nobody serves Qingdao: its chat is offered to Shandong's counsellor at once, who answers it.
        var (counselorName, password) = await fixture.Admin.CreateCounselor("山东·王老师", lines: ["shandong"]);
        await using var shandong = await CounselorSession.Connect(Server, await Server.LoginAsync(counselorName, password));
        await shandong.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(Server);
        var chat = (await worker.StartChat("青岛的职工想聊聊", line: "qingdao")).ConversationId;
        await shandong.Accept((await shandong.NextOffer(chat)).OfferId);

        // Qingdao's supervisor: Qingdao's figures only, the live chat marked as Shandong's answer.
        var (cityName, _) = await fixture.Admin.CreateCounselor("青岛·督导", role: "supervisor", lines: ["qingdao"]);
        using var city = Client(await Server.LoginAsync(cityName, password));
        var stats = await EventuallyStats(city, s => s.GetProperty("activeConversations").GetArrayLength() == 1);
        var live = stats.GetProperty("activeConversations")[0];
        Assert.Equal(("qingdao", "shandong"), (live.GetProperty("line").GetString(), live.GetProperty("answeredByLine").GetString()));
        var measures = Assert.Single(stats.GetProperty("lines").EnumerateArray());
        Assert.Equal(("qingdao", 1, 0, 0.0), (measures.GetProperty("line").GetString(), measures.GetProperty("answeredByBackup").GetInt32(),
            measures.GetProperty("answeredInLine").GetInt32(), measures.GetProperty("inLineAnswerRate").GetDouble()));

        // The network console: Qingdao's own row, and Shandong's roll-up over it, count it as answered by backup.
        var (provinceName, _) = await fixture.Admin.CreateCounselor("山东·督导", role: "supervisor", lines: ["shandong"]);
        using var province = Client(await Server.LoginAsync(provinceName, password));
        var lines = (await Eventually(province, l => Line(l, "qingdao").GetProperty("answeredByBackup").GetInt32() == 1)).GetProperty("lines");
        Assert.Equal(["shandong", "qingdao"], lines.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        var qingdao = Line(lines, "qingdao");
        Assert.Equal(0, qingdao.GetProperty("inLineAnswerRate").GetDouble());
        Assert.True(qingdao.GetProperty("averageSpeedToAnswerSeconds").GetDouble() >= 0);
        Assert.True(qingdao.TryGetProperty("hoursBelowMinimumSeats", out _));
        var shandongRow = Line(lines, "shandong");
        Assert.Equal((0, JsonValueKind.Null), (shandongRow.GetProperty("answeredByBackup").GetInt32(), shandongRow.GetProperty("inLineAnswerRate").ValueKind));
        Assert.Equal((1, 0.0), (shandongRow.GetProperty("rolledUp").GetProperty("answeredByBackup").GetInt32(), shandongRow.GetProperty("rolledUp").GetProperty("inLineAnswerRate").GetDouble()));

        // Once wrapped up, the contact report's lines count it as Qingdao's, answered by backup (a count of 1–4 shows as <5).
        await shandong.Connection.InvokeAsync("EndConversation", chat.ToString());
        await shandong.Connection.InvokeAsync("SubmitWrapUp", chat.ToString(), new { topic = "emotional", riskLevel = "R1", action = "counselling", notes = "" });
        var report = await EventuallyReport(city, r => r.GetProperty("lines")[0].GetProperty("answeredByBackup").GetString() == "<5");
        var row = Assert.Single(report.GetProperty("lines").EnumerateArray());
        Assert.Equal(("qingdao", "shandong", "<5", "0", "0"), (row.GetProperty("line").GetString(), row.GetProperty("parent").GetString(),
            row.GetProperty("contacts").GetString(), row.GetProperty("answeredInLine").GetString(), row.GetProperty("abandoned").GetString()));
        report = await EventuallyReport(province, r => r.GetProperty("lines").GetArrayLength() == 2);
        Assert.Equal(["shandong", "qingdao"], report.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("line").GetString()));
        Assert.Equal("<5", report.GetProperty("lines")[1].GetProperty("answeredByBackup").GetString());
    }

    private static Task<JsonElement> EventuallyStats(HttpClient http, Func<JsonElement, bool> shows) =>
        Until(() => http.GetFromJsonAsync<JsonElement>("/api/supervisor/stats"), shows, "GET /api/supervisor/stats");

    private static Task<JsonElement> EventuallyReport(HttpClient http, Func<JsonElement, bool> shows)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        return Until(() => http.GetFromJsonAsync<JsonElement>($"/api/reports/contacts?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}"),
            shows, "GET /api/reports/contacts");
    }

    private static async Task<JsonElement> Until(Func<Task<JsonElement>> read, Func<JsonElement, bool> shows, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var seen = await read();
            if (shows(seen))
                return seen;
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"{what} never showed it within 30 s. Last seen: {seen}");
            await Task.Delay(50);
        }
    }

    private HttpClient Client(string token)
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static JsonElement Line(JsonElement lines, string id) => lines.EnumerateArray().Single(l => l.GetProperty("id").GetString() == id);

    /// <summary>Queues and counsellors report to the figures one-way: read them until the lines show what was done.</summary>
    private static Task<JsonElement> Eventually(HttpClient http, Func<JsonElement, bool> shows) =>
        Until(() => http.GetFromJsonAsync<JsonElement>("/api/network"), network => shows(network.GetProperty("lines")), "GET /api/network");
}
