using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.IntegrationTests;

/// <summary>
/// PUT /api/admin/lines/{id}: a network admin adds a city line while the hotline runs, and it is at once a line
/// workers reach and staff belong to; a wrong line is refused with its code and changes nothing; only admins may.
/// </summary>
public sealed class LineEditTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    private static object Kaifeng(string? parent = "henan", string open = "00:00", string timeZone = "Asia/Shanghai") => new
    {
        zh = "开封市总工会职工心理援助热线",
        en = "Kaifeng Federation of Trade Unions support line",
        region = "410200",
        parent,
        hours = new[] { new { days = new[] { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }, open, close = "24:00" } },
        timeZone,
        minimumSeats = 2,
        backupAfterSeconds = 45,
        referrals = new[] { "union-heart-station" },
    };

    [Fact]
    public async Task An_admin_adds_a_city_line_and_a_worker_starts_a_chat_there_answered_by_its_counsellor()
    {
        using var http = await fixture.Admin.Client();
        var saved = await http.PutAsJsonAsync("/api/admin/lines/kaifeng", Kaifeng());
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var line = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("kaifeng", "henan", 45), (line.GetProperty("id").GetString(), line.GetProperty("parent").GetString(), line.GetProperty("backupAfterSeconds").GetInt32()));
        Assert.Equal("24:00", line.GetProperty("hours")[0].GetProperty("close").GetString());

        var choices = await http.GetFromJsonAsync<List<JsonElement>>("/api/lines");
        var listed = Assert.Single(choices!, c => c.GetProperty("id").GetString() == "kaifeng");
        Assert.Equal(("henan", "开封市总工会职工心理援助热线", true), (listed.GetProperty("parent").GetString(), listed.GetProperty("zh").GetString(), listed.GetProperty("openNow").GetBoolean()));
        var network = await http.GetFromJsonAsync<JsonElement>("/api/admin/lines");
        Assert.True(network.GetProperty("version").GetInt64() >= 1);

        var (name, password) = await fixture.Admin.CreateCounselor("开封·郑老师", lines: ["kaifeng"]);
        await using var counselor = await CounselorSession.Connect(Server, await Server.LoginAsync(name, password));
        await counselor.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(Server);
        var chat = await worker.StartChat("我在开封", line: "kaifeng");
        await counselor.Accept((await counselor.NextOffer(chat.ConversationId)).OfferId);
    }

    [Fact]
    public async Task A_wrong_line_is_refused_with_its_code_and_the_lines_stay_as_they_were()
    {
        using var http = await fixture.Admin.Client();
        var before = await http.GetStringAsync("/api/admin/lines");

        await Refused(http, "/api/admin/lines/zhengzhou", Kaifeng(parent: "atlantis"), "line.unknown-parent", ("parent", "atlantis"));
        await Refused(http, "/api/admin/lines/zhengzhou", Kaifeng(parent: null), "line.not-one-root", ("roots", "national, zhengzhou"));
        await Refused(http, "/api/admin/lines/zhengzhou", Kaifeng(open: "8am"), "line.bad-time", ("time", "8am"));
        await Refused(http, "/api/admin/lines/zhengzhou", Kaifeng(timeZone: "Henan/Zhengzhou"), "line.unknown-time-zone", ("timeZone", "Henan/Zhengzhou"));
        await Refused(http, "/api/admin/lines/Zheng Zhou", Kaifeng(), "line.bad-id", ("line", "Zheng Zhou"));
        // Henan under its own city: a loop the backup search would go round for ever.
        var henan = (await http.GetFromJsonAsync<JsonObject>("/api/admin/lines"))!["lines"]!.AsArray().Single(l => (string?)l!["id"] == "henan")!.AsObject();
        henan["parent"] = "luoyang";
        await Refused(http, "/api/admin/lines/henan", henan, "line.own-ancestor", ("line", "henan"));
        await Refused(http, "/api/admin/lines/henan", new { id = "luoyang", zh = "x", en = "x", region = "410000", parent = "national" }, "line.id-mismatch", ("named", "luoyang"));
        var unreadable = await http.PutAsync("/api/admin/lines/zhengzhou", new StringContent("{\"minimumSeats\": \"two\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);

        Assert.Equal(before, await http.GetStringAsync("/api/admin/lines"));
        var choices = await http.GetFromJsonAsync<List<JsonElement>>("/api/lines");
        Assert.DoesNotContain(choices!, c => c.GetProperty("id").GetString() == "zhengzhou");
        Assert.Equal("national", choices!.Single(c => c.GetProperty("id").GetString() == "henan").GetProperty("parent").GetString());
    }

    [Fact]
    public async Task Only_a_network_admin_may_change_a_line()
    {
        var (supervisorName, password) = await fixture.Admin.CreateCounselor("督导·钱老师", role: "supervisor", lines: ["henan"]);
        var (counselorName, _) = await fixture.Admin.CreateCounselor("洛阳·孙老师", lines: ["luoyang"]);
        foreach (var userName in new[] { supervisorName, counselorName })
        {
            using var staff = Server.CreateClient();
            staff.DefaultRequestHeaders.Authorization = new("Bearer", await Server.LoginAsync(userName, password));
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("/api/admin/lines/zhoukou", Kaifeng())).StatusCode);
        }
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/admin/lines/zhoukou", Kaifeng())).StatusCode);
        var choices = await anonymous.GetFromJsonAsync<List<JsonElement>>("/api/lines");
        Assert.DoesNotContain(choices!, c => c.GetProperty("id").GetString() == "zhoukou");
    }

    private static async Task Refused(HttpClient http, string path, object body, string code, (string Name, string Value) param)
    {
        var response = await http.PutAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refused = await ProblemRefusal.Read(response);
        Assert.Equal(code, refused.Code);
        Assert.Equal(param.Value, refused.Params[param.Name]);
    }
}
