using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>
/// GET /api/network over the public contract: each reader gets the lines their scope covers (a province's supervisor
/// their province and its cities, an admin the network), each line with its own live load and today's figures.
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

    private HttpClient Client(string token)
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static JsonElement Line(JsonElement lines, string id) => lines.EnumerateArray().Single(l => l.GetProperty("id").GetString() == id);

    /// <summary>Queues and counsellors report to the figures one-way: read them until the lines show what was done.</summary>
    private static async Task<JsonElement> Eventually(HttpClient http, Func<JsonElement, bool> shows)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var network = await http.GetFromJsonAsync<JsonElement>("/api/network");
            if (shows(network.GetProperty("lines")))
                return network;
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"GET /api/network never showed it within 30 s. Last seen: {network}");
            await Task.Delay(50);
        }
    }
}
