using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>The rota over REST: supervisors plan shifts and read the week's coverage, counsellors see their own next shifts.</summary>
public sealed class RotaTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_supervisor_plans_shifts_and_sees_the_short_hours_and_the_counselor_sees_their_next_shifts()
    {
        var (supervisorName, supervisorPassword) = await fixture.Admin.CreateCounselor("督导", role: "supervisor");
        var (counselorName, counselorPassword) = await fixture.Admin.CreateCounselor("李老师");
        using var supervisor = await Client(supervisorName, supervisorPassword);
        using var counselor = await Client(counselorName, counselorPassword);
        // The default hotline time is UTC+8.
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var tomorrow = today.AddDays(1);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));

        var weekly = await Created(supervisor, new { counselorId = counselorName, weekday = "Monday", start = "08:00", end = "12:00" });
        Assert.Equal(("Monday", "08:00", "12:00"), (weekly.GetProperty("weekday").GetString(), weekly.GetProperty("start").GetString(), weekly.GetProperty("end").GetString()));
        var single = await Created(supervisor, new { counselorId = counselorName, date = tomorrow.ToString("yyyy-MM-dd"), start = "09:00", end = "10:00" });
        await Created(supervisor, new { counselorId = supervisorName, weekday = "Monday", start = "00:00", end = "24:00" });

        var shifts = await supervisor.GetFromJsonAsync<JsonElement>("/api/rota/shifts");
        Assert.Equal(3, shifts.GetArrayLength());

        var week = await supervisor.GetFromJsonAsync<JsonElement>($"/api/rota/week?start={monday:yyyy-MM-dd}");
        Assert.Equal(2, week.GetProperty("minimumSeats").GetInt32());
        var mondayHours = week.GetProperty("days")[0].GetProperty("hours");
        Assert.Equal((2, false), Hour(mondayHours[9]));
        Assert.Equal((1, true), Hour(mondayHours[12]));
        Assert.Equal(7, week.GetProperty("days").GetArrayLength());

        var mine = await counselor.GetFromJsonAsync<JsonElement>("/api/rota/mine");
        Assert.InRange(mine.GetArrayLength(), 1, 5);
        Assert.Contains(mine.EnumerateArray(), s => s.GetProperty("date").GetString() == tomorrow.ToString("yyyy-MM-dd") && s.GetProperty("start").GetString() == "09:00");
        Assert.All(mine.EnumerateArray(), s => Assert.Equal(counselorName, s.GetProperty("counselorId").GetString()));

        var id = single.GetProperty("shiftId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync($"/api/rota/shifts/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.DeleteAsync($"/api/rota/shifts/{id}")).StatusCode);

        // On shift now: a counsellor with a shift all of today, and the supervisor if today is the Monday of their
        // weekly shift; never tomorrow's shift. (李老师's Monday 08:00–12:00 depends on the hour, so is not asserted.)
        var (onDutyName, _) = await fixture.Admin.CreateCounselor("值班老师");
        var allDay = await Created(supervisor, new { counselorId = onDutyName, date = today.ToString("yyyy-MM-dd"), start = "00:00", end = "24:00" });
        var tomorrows = await Created(supervisor, new { counselorId = onDutyName, date = tomorrow.ToString("yyyy-MM-dd"), start = "00:00", end = "24:00" });
        var before = DateTimeOffset.UtcNow;
        var now = (await supervisor.GetFromJsonAsync<JsonElement>("/api/rota/now")).EnumerateArray().ToList();
        var after = DateTimeOffset.UtcNow;
        var midnight = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var onDuty = Assert.Single(now, s => s.GetProperty("counselorId").GetString() == onDutyName);
        Assert.Equal(
            (allDay.GetProperty("shiftId").GetString(), today.ToString("yyyy-MM-dd"), "00:00", "24:00", midnight, midnight.AddDays(1)),
            (onDuty.GetProperty("shiftId").GetString(), onDuty.GetProperty("date").GetString(), onDuty.GetProperty("start").GetString(), onDuty.GetProperty("end").GetString(),
                onDuty.GetProperty("startsAt").GetDateTimeOffset(), onDuty.GetProperty("endsAt").GetDateTimeOffset()));
        Assert.DoesNotContain(now, s => s.GetProperty("shiftId").GetString() == tomorrows.GetProperty("shiftId").GetString());
        Assert.Equal(today.DayOfWeek == DayOfWeek.Monday, now.Any(s => s.GetProperty("counselorId").GetString() == supervisorName));
        Assert.All(now, s => Assert.True(s.GetProperty("startsAt").GetDateTimeOffset() <= after && before < s.GetProperty("endsAt").GetDateTimeOffset(), s.ToString()));
        Assert.Subset(new HashSet<string?> { counselorName, supervisorName, onDutyName }, now.Select(s => s.GetProperty("counselorId").GetString()).ToHashSet());
    }

    [Fact]
    public async Task Bad_shifts_are_refused_with_problem_details_and_counselors_may_not_plan()
    {
        var (counselorName, counselorPassword) = await fixture.Admin.CreateCounselor("王老师");
        using var admin = await fixture.Admin.Client();

        Assert.Contains("no counsellor", await Refused(admin, new { counselorId = "nobody-here", weekday = "Monday", start = "08:00", end = "10:00" }));
        Assert.Contains("after start", await Refused(admin, new { counselorId = counselorName, weekday = "Monday", start = "10:00", end = "08:00" }));
        Assert.Contains("HH:mm", await Refused(admin, new { counselorId = counselorName, weekday = "Monday", start = "8", end = "10:00" }));
        Assert.Contains("weekday", await Refused(admin, new { counselorId = counselorName, weekday = "Someday", start = "08:00", end = "10:00" }));
        Assert.Contains("either weekday", await Refused(admin, new { counselorId = counselorName, start = "08:00", end = "10:00" }));
        var notJson = await admin.PostAsync("/api/rota/shifts", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        var tuesday = await admin.GetAsync("/api/rota/week?start=2026-07-07");
        Assert.Equal(HttpStatusCode.BadRequest, tuesday.StatusCode);
        Assert.Contains("Monday", await tuesday.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/rota/week")).StatusCode);

        using var counselor = await Client(counselorName, counselorPassword);
        var shift = new { counselorId = counselorName, weekday = "Monday", start = "08:00", end = "10:00" };
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.PostAsJsonAsync("/api/rota/shifts", shift)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.GetAsync("/api/rota/shifts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.GetAsync("/api/rota/week?start=2026-07-06")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counselor.DeleteAsync($"/api/rota/shifts/{Guid.NewGuid()}")).StatusCode);
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/rota/mine")).StatusCode);
    }

    [Fact]
    public async Task Each_line_has_its_own_rota_and_a_supervisor_plans_only_the_rotas_of_the_lines_they_cover()
    {
        var (changshaSupervisor, changshaPassword) = await fixture.Admin.CreateCounselor("长沙·排班督导", role: "supervisor", lines: ["changsha"]);
        var (hunanSupervisor, hunanPassword) = await fixture.Admin.CreateCounselor("湖南·排班督导", role: "supervisor", lines: ["hunan"]);
        var (changshaCounselor, changshaCounselorPassword) = await fixture.Admin.CreateCounselor("长沙·排班老师", lines: ["changsha"]);
        var (zhuzhouCounselor, _) = await fixture.Admin.CreateCounselor("株洲·排班老师", lines: ["zhuzhou"]);
        using var changsha = await Client(changshaSupervisor, changshaPassword);
        using var hunan = await Client(hunanSupervisor, hunanPassword);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var allToday = new { counselorId = changshaCounselor, date = today.ToString("yyyy-MM-dd"), start = "00:00", end = "24:00" };

        Assert.Equal(["hunan", "changsha", "zhuzhou"], (await hunan.GetFromJsonAsync<string[]>("/api/rota/lines"))!);
        Assert.Equal(["changsha"], (await changsha.GetFromJsonAsync<string[]>("/api/rota/lines"))!);
        Assert.Equal(HttpStatusCode.Created, (await changsha.PostAsJsonAsync("/api/rota/shifts?line=changsha", allToday)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await hunan.PostAsJsonAsync("/api/rota/shifts?line=zhuzhou",
            new { counselorId = zhuzhouCounselor, date = today.ToString("yyyy-MM-dd"), start = "00:00", end = "24:00" })).StatusCode);

        // The shifts are the line's: Changsha's rota holds Changsha's only; the province's "now" rolls up both cities.
        Assert.Equal([changshaCounselor], (await changsha.GetFromJsonAsync<JsonElement>("/api/rota/shifts?line=changsha")).EnumerateArray().Select(s => s.GetProperty("counselorId").GetString()));
        Assert.Equal([changshaCounselor], (await changsha.GetFromJsonAsync<JsonElement>("/api/rota/now")).EnumerateArray().Select(s => s.GetProperty("counselorId").GetString()));
        Assert.Equal(new[] { changshaCounselor, zhuzhouCounselor }.Order(StringComparer.Ordinal),
            (await hunan.GetFromJsonAsync<JsonElement>("/api/rota/now")).EnumerateArray().Select(s => s.GetProperty("counselorId").GetString()));
        using var counselor = await Client(changshaCounselor, changshaCounselorPassword);
        Assert.Contains((await counselor.GetFromJsonAsync<JsonElement>("/api/rota/mine")).EnumerateArray(), s => s.GetProperty("date").GetString() == today.ToString("yyyy-MM-dd"));

        // Changsha is open 08:00–22:00: its night hours are closed, never short; the week counts the line's minimum seats.
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var week = await changsha.GetFromJsonAsync<JsonElement>($"/api/rota/week?start={monday:yyyy-MM-dd}&line=changsha");
        Assert.Equal(2, week.GetProperty("minimumSeats").GetInt32());
        var night = week.GetProperty("days")[0].GetProperty("hours")[3];
        Assert.Equal((false, false), (night.GetProperty("open").GetBoolean(), night.GetProperty("belowMinimum").GetBoolean()));

        // The other city's rota, and the default line's (no line given), are not Changsha's supervisor's to read or plan.
        foreach (var (what, response) in new[]
        {
            ("shifts of zhuzhou", await changsha.GetAsync("/api/rota/shifts?line=zhuzhou")),
            ("week of zhuzhou", await changsha.GetAsync($"/api/rota/week?start={monday:yyyy-MM-dd}&line=zhuzhou")),
            ("now at zhuzhou", await changsha.GetAsync("/api/rota/now?line=zhuzhou")),
            ("add at zhuzhou", await changsha.PostAsJsonAsync("/api/rota/shifts?line=zhuzhou", allToday)),
            ("delete at zhuzhou", await changsha.DeleteAsync($"/api/rota/shifts/{Guid.NewGuid()}?line=zhuzhou")),
            ("the default line's shifts", await changsha.GetAsync("/api/rota/shifts")),
        })
        {
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, what);
            Assert.Equal("rota.other-line", (await ProblemRefusal.Read(response)).Code);
        }
        var unknown = await hunan.GetAsync("/api/rota/shifts?line=atlantis");
        Assert.Equal((HttpStatusCode.BadRequest, "catalog.unknown-line"), (unknown.StatusCode, (await ProblemRefusal.Read(unknown)).Code));
        // A shift goes to a counsellor of the line (or above it): Zhuzhou's counsellor is not Changsha's.
        var other = await hunan.PostAsJsonAsync("/api/rota/shifts?line=changsha", new { counselorId = zhuzhouCounselor, weekday = "Monday", start = "08:00", end = "10:00" });
        Assert.Equal((HttpStatusCode.BadRequest, "rota.counselor-other-line"), (other.StatusCode, (await ProblemRefusal.Read(other)).Code));
    }

    private static (int, bool) Hour(JsonElement hour) => (hour.GetProperty("onShift").GetInt32(), hour.GetProperty("belowMinimum").GetBoolean());

    private async Task<HttpClient> Client(string userName, string password)
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        return http;
    }

    private static async Task<JsonElement> Created(HttpClient http, object shift)
    {
        var response = await http.PostAsJsonAsync("/api/rota/shifts", shift);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string> Refused(HttpClient http, object shift)
    {
        var response = await http.PostAsJsonAsync("/api/rota/shifts", shift);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await ProblemRefusal.Read(response)).Detail;
    }
}
