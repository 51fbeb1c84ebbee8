using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>GET /api/reports/contacts over real conversations: JSON and CSV, small groups suppressed, bad input and roles refused.</summary>
public sealed class ReportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    /// <summary>The hotline's local day (UTC+8 by default), with a day either side so a test near midnight still finds its contacts.</summary>
    private static string Range
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
            return $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        }
    }

    [Fact]
    public async Task A_closed_and_an_abandoned_conversation_are_counted_and_shown_as_under_five_without_averages_in_json_and_csv()
    {
        await using (var leaving = await WorkerSession.Connect(Server))
        {
            await leaving.StartChat("有人吗", topic: "gig-work");
            await leaving.Connection.InvokeAsync("EndChat");
            await leaving.Events.WaitFor<ChatEnded>("ChatEnded");
        }
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("我最近工作压力很大", topic: "work-career");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        await counselor.Connection.InvokeAsync("EndConversation", started.ConversationId.ToString());
        await counselor.Connection.InvokeAsync("SubmitWrapUp", started.ConversationId.ToString(),
            new { topic = "work-career", riskLevel = "R1", action = "counselling", notes = "never in a report" });

        using var supervisor = await Supervisor();
        var day = await Eventually(supervisor, d => d.GetProperty("by").GetProperty("outcome").GetProperty("abandoned").GetString() == "<5"
            && d.GetProperty("by").GetProperty("outcome").GetProperty("answered").GetString() == "<5");
        Assert.Equal("<5", day.GetProperty("contacts").GetString());
        Assert.Equal("<5", day.GetProperty("by").GetProperty("topic").GetProperty("work-career").GetString());
        Assert.Equal("0", day.GetProperty("by").GetProperty("channel").GetProperty("sms").GetString());
        // A period of 1–4 contacts holds its averages back with its counts: no "<5" that reads as "under 5".
        Assert.Equal(JsonValueKind.Null, day.GetProperty("answerRate").ValueKind);
        Assert.Equal(JsonValueKind.Null, day.GetProperty("averageRating").ValueKind);

        var csv = await supervisor.GetAsync($"/api/reports/contacts?{Range}&groupBy=month&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("contacts-", csv.Content.Headers.ContentDisposition?.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n");
        Assert.Equal("period,dimension,value,contacts,answerRate,averageSecondsToAnswer,averageHandleSeconds,averageRating,shareHelped", lines[0]);
        Assert.Contains(lines, l => l.EndsWith(",outcome,abandoned,<5,,,,,"));
        Assert.DoesNotContain("never in a report", Encoding.UTF8.GetString(bytes));

        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/reports/contacts?{Range}")).StatusCode);
        using var read = await supervisor.GetAsync("/api/supervisor/audit?take=20");
        Assert.Contains("report-read", await read.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("to=2026-01-31", "'from' is required", RefusalCodes.ReportDayMissing)]
    [InlineData("from=2026-01-01", "'to' is required", RefusalCodes.ReportDayMissing)]
    [InlineData("from=31/01/2026&to=2026-02-01", "YYYY-MM-DD", RefusalCodes.ReportBadDay)]
    [InlineData("from=2026-02-01&to=2026-01-01", "swap them", RefusalCodes.ReportFromAfterTo)]
    [InlineData("from=2024-01-01&to=2026-01-01", "at most 400 days", RefusalCodes.ReportRangeTooLong)]
    [InlineData("from=2026-01-01&to=2026-01-31&groupBy=year", "'day' or 'month'", RefusalCodes.ReportBadGrouping)]
    [InlineData("from=2026-01-01&to=2026-01-31&format=pdf", "'json' or 'csv'", RefusalCodes.ReportBadFormat)]
    public async Task Bad_input_is_refused_with_a_message_a_person_can_act_on(string query, string says, string code)
    {
        using var supervisor = await Supervisor();
        var response = await supervisor.GetAsync($"/api/reports/contacts?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refused = await ProblemRefusal.Read(response);
        Assert.Contains(says, refused.Detail);
        Assert.Equal(code, refused.Code);
    }

    [Fact]
    public async Task A_range_too_long_says_how_long_in_its_params()
    {
        using var supervisor = await Supervisor();
        var refused = await ProblemRefusal.Read(await supervisor.GetAsync("/api/reports/contacts?from=2024-01-01&to=2025-12-31"));
        Assert.Equal(RefusalCodes.ReportRangeTooLong, refused.Code);
        Assert.Equal(new Dictionary<string, string> { ["days"] = "731", ["max"] = "400" }, refused.Params);
    }

    [Fact]
    public async Task A_counselor_is_refused()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("李老师");
        using var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/api/reports/contacts?{Range}")).StatusCode);
    }

    private async Task<HttpClient> Supervisor()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("王督导", role: "supervisor");
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        return http;
    }

    /// <summary>Conversations report to the contact log one-way: read the report until a day shows what was done.</summary>
    private async Task<JsonElement> Eventually(HttpClient http, Func<JsonElement, bool> shows)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var report = await http.GetFromJsonAsync<JsonElement>($"/api/reports/contacts?{Range}&groupBy=day&format=json");
            Assert.Equal("day", report.GetProperty("groupBy").GetString());
            Assert.Equal(5, report.GetProperty("suppressedBelow").GetInt32());
            if (report.GetProperty("periods").EnumerateArray().FirstOrDefault(p => p.GetProperty("contacts").GetString() != "0") is { ValueKind: JsonValueKind.Object } day && shows(day))
                return day;
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"The report never showed the contacts: {report}");
            await Task.Delay(100);
        }
    }
}
