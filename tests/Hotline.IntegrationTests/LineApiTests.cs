using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>GET /api/lines: the lines a worker can choose on the start page, public and with nothing personal.</summary>
public sealed class LineApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Every_line_of_the_network_is_listed_with_its_names_parent_and_whether_it_is_open_now()
    {
        using var http = fixture.Server.CreateClient();
        var response = await http.GetAsync("/api/lines");
        Assert.True(response.IsSuccessStatusCode, $"GET /api/lines without signing in: {(int)response.StatusCode}");
        var lines = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;

        Assert.Equal(12, lines.Count);
        var byId = lines.ToDictionary(line => line.GetProperty("id").GetString()!);
        Assert.Equal("national", Assert.Single(lines, line => line.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetString());
        var luoyang = byId["luoyang"];
        Assert.Equal("henan", luoyang.GetProperty("parent").GetString());
        Assert.Equal("洛阳市总工会职工心理援助热线", luoyang.GetProperty("zh").GetString());
        Assert.Equal("Luoyang Federation of Trade Unions support line", luoyang.GetProperty("en").GetString());
        Assert.Equal("410300", luoyang.GetProperty("region").GetString());
        Assert.Equal(JsonValueKind.Null, byId["national"].GetProperty("parent").ValueKind);
        Assert.All(lines, line => Assert.True(line.GetProperty("openNow").ValueKind is JsonValueKind.True or JsonValueKind.False));
        // The national line has no hours: staffed around the clock.
        Assert.True(byId["national"].GetProperty("openNow").GetBoolean());
        Assert.All(lines, line => Assert.Equal(
            ["en", "id", "isDefault", "openNow", "parent", "region", "zh"],
            line.EnumerateObject().Select(property => property.Name).Order()));
    }

    [Fact]
    public async Task A_network_admin_reads_every_line_whole_and_nobody_else_can()
    {
        using var http = await new Admin(fixture.Server).Client();
        var network = await http.GetFromJsonAsync<JsonElement>("/api/admin/lines");
        Assert.Equal("national", network.GetProperty("defaultLine").GetString());
        var luoyang = network.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("id").GetString() == "luoyang");
        Assert.Equal("henan", luoyang.GetProperty("parent").GetString());
        Assert.Equal(60, luoyang.GetProperty("backupAfterSeconds").GetInt32());
        Assert.Equal(2, luoyang.GetProperty("minimumSeats").GetInt32());
        Assert.Equal("Asia/Shanghai", luoyang.GetProperty("timeZone").GetString());
        var hours = luoyang.GetProperty("hours").EnumerateArray().Single();
        Assert.Equal("08:00", hours.GetProperty("open").GetString());
        Assert.Equal("mon", hours.GetProperty("days")[0].GetString());
        Assert.Equal(7, hours.GetProperty("days").GetArrayLength());
        Assert.Equal(["union-heart-station"], luoyang.GetProperty("referrals").EnumerateArray().Select(r => r.GetString()));

        using var anonymous = fixture.Server.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/admin/lines")).StatusCode);
    }

    [Fact]
    public async Task The_other_ways_to_get_help_hold_a_regional_service_only_for_the_line_that_names_it()
    {
        using var http = fixture.Server.CreateClient();
        async Task<List<string>> Ids(string query) =>
            [.. (await http.GetFromJsonAsync<JsonElement>($"/api/alternatives?{query}")).EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
        Assert.Contains("beijing-union-centre", await Ids("language=zh&line=beijing"));
        Assert.DoesNotContain("beijing-union-centre", await Ids("language=zh&line=qingdao"));
        Assert.DoesNotContain("beijing-union-centre", await Ids("language=zh"));
        Assert.Contains("aid-line-12356", await Ids("language=zh&line=qingdao"));
        var unknown = await http.GetAsync("/api/alternatives?language=zh&line=atlantis");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("catalog.unknown-line", (await ProblemRefusal.Read(unknown)).Code);
    }
}
