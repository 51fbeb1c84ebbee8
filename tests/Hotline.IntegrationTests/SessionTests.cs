using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// Sessions that end: a role change, a password reset, a disable or a sign-out gives the account a new security stamp,
/// so its older tokens are refused at once and its live connections are closed; the staff cookie is the admins' and
/// the dashboard's only.
/// </summary>
public sealed class SessionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // The bound for "everywhere, within seconds"; the waits are on the close event, never on time.
    private static readonly TimeSpan WithinSeconds = TimeSpan.FromSeconds(5);

    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_demoted_supervisor_loses_supervisor_rights_on_her_token_and_her_live_console_within_5_s()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("降级测试", role: "supervisor");
        var token = await Server.LoginAsync(userName, password);
        await using var console = await SupervisorSession.Connect(Server, token);
        var closed = Closed(console.Connection);
        using var withToken = WithToken(token);
        await console.Connection.InvokeAsync<JsonElement>("GetStats");
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/supervisor/stats")).StatusCode);

        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { roles = new[] { "counselor" } })).StatusCode);

        await closed.WaitAsync(WithinSeconds);
        await AssertSessionEnded(withToken, "/api/supervisor/stats");
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.PostAsync("/hubs/supervisor/negotiate?negotiateVersion=1", null)).StatusCode);
        // Signed in again, she is what she is now: a counsellor.
        using var again = WithToken(await Server.LoginAsync(userName, password));
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/supervisor/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/rota/mine")).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_the_old_tokens_and_connections_and_the_new_password_signs_in()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("改密测试");
        var token = await Server.LoginAsync(userName, password);
        await using var desk = await CounselorSession.Connect(Server, token);
        var closed = Closed(desk.Connection);
        using var withToken = WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/rota/mine")).StatusCode);

        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { password = "Quite-Another-Pass-9" })).StatusCode);

        await closed.WaitAsync(WithinSeconds);
        await AssertSessionEnded(withToken, "/api/rota/mine");
        using var renewed = WithToken(await Server.LoginAsync(userName, "Quite-Another-Pass-9"));
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/rota/mine")).StatusCode);
    }

    [Fact]
    public async Task A_new_display_name_leaves_the_sessions_alone()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("改名测试");
        using var withToken = WithToken(await Server.LoginAsync(userName, password));
        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { displayName = "新的名字" })).StatusCode);
        // The same roles given again are no change of roles either.
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { roles = new[] { "counselor" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/rota/mine")).StatusCode);
    }

    [Fact]
    public async Task Enabling_a_disabled_account_does_not_bring_its_old_tokens_back()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("启用测试");
        using var withToken = WithToken(await Server.LoginAsync(userName, password));
        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/disable", null)).StatusCode);
        var refused = await withToken.GetAsync("/api/rota/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(RefusalCodes.SignInDisabled, (await ProblemRefusal.Read(refused)).Code);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/enable", null)).StatusCode);
        await AssertSessionEnded(withToken, "/api/rota/mine");
        using var renewed = WithToken(await Server.LoginAsync(userName, password));
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/rota/mine")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_every_session_of_that_person_and_is_audited()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("退出测试");
        // Two computers: the desk open on one, signing out on the other.
        var onDesk = await Server.LoginAsync(userName, password);
        var elsewhere = await Server.LoginAsync(userName, password);
        await using var desk = await CounselorSession.Connect(Server, onDesk);
        var closed = Closed(desk.Connection);
        using var deskToken = WithToken(onDesk);
        using var otherToken = WithToken(elsewhere);
        var colleague = await fixture.Admin.CreateCounselor("同事");
        using var colleagueToken = WithToken(await Server.LoginAsync(colleague.UserName, colleague.Password));

        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await otherToken.PostAsync("/api/auth/logout", null)).StatusCode);

        await closed.WaitAsync(WithinSeconds);
        await AssertSessionEnded(deskToken, "/api/rota/mine");
        await AssertSessionEnded(otherToken, "/api/rota/mine");
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherToken.PostAsync("/api/auth/logout", null)).StatusCode);
        // Only hers: a colleague's session goes on.
        Assert.Equal(HttpStatusCode.OK, (await colleagueToken.GetAsync("/api/rota/mine")).StatusCode);

        var (supervisorName, supervisorPassword) = await fixture.Admin.CreateCounselor("审计读者", role: "supervisor");
        using var supervisor = WithToken(await Server.LoginAsync(supervisorName, supervisorPassword));
        var audit = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervisor/audit?take=1000");
        Assert.Contains(audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry")),
            e => e.GetProperty("action").GetString() == "sign-out" && e.GetProperty("actor").GetString() == userName && e.GetProperty("subject").GetString() == userName);
    }

    [Fact]
    public async Task Only_an_admin_gets_the_staff_cookie_and_it_opens_the_dashboard_and_nothing_else()
    {
        var (supervisorName, password) = await fixture.Admin.CreateCounselor("无饼干", role: "supervisor");
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Server.BaseAddress };
        var supervisorSignIn = await http.PostAsJsonAsync("/api/auth/login", new { userName = supervisorName, password });
        Assert.Equal(HttpStatusCode.OK, supervisorSignIn.StatusCode);
        Assert.False(supervisorSignIn.Headers.Contains("Set-Cookie"));

        var adminSignIn = await http.PostAsJsonAsync("/api/auth/login", new { userName = HotlineServer.AdminUserName, password = HotlineServer.AdminPassword });
        var setCookie = adminSignIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hotline.staff="));
        Assert.Contains("path=/dashboard", setCookie);
        var cookie = setCookie.Split(';')[0];

        // The cookie alone, sent by hand wherever a careless browser (or a next person at the computer) might send it.
        Assert.Equal(HttpStatusCode.OK, await WithCookie(http, cookie, "/dashboard/"));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(http, cookie, $"/api/supervisor/archive/{Guid.NewGuid()}"));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(http, cookie, "/api/admin/users"));
        Assert.Equal(HttpStatusCode.Unauthorized, await WithCookie(http, cookie, "/hubs/supervisor/negotiate?negotiateVersion=1", HttpMethod.Post));
    }

    private static async Task<HttpStatusCode> WithCookie(HttpClient http, string cookie, string path, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    private HttpClient WithToken(string token)
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>401, and words that say the session has ended, so the page can ask for a new sign-in.</summary>
    private static async Task AssertSessionEnded(HttpClient withToken, string path)
    {
        var response = await withToken.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refused = await ProblemRefusal.Read(response);
        Assert.Equal(RefusalCodes.SessionEnded, refused.Code);
        Assert.Contains("sign in again", refused.Detail);
    }

    private static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
