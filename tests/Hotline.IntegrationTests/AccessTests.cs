using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

public sealed class AccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Login_returns_a_token_with_expiry_and_roles_and_refuses_bad_credentials_with_problem_details()
    {
        using var http = Server.CreateClient();
        var ok = await http.PostAsJsonAsync("/api/auth/login", new { userName = HotlineServer.AdminUserName, password = HotlineServer.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12.1));
        Assert.Equal(["admin"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // A wrong password backs its account off from this address for a while, so not the admin's, which the other tests use.
        var (counselorName, _) = await fixture.Admin.CreateCounselor("错密码");
        foreach (var bad in new object[] { new { userName = counselorName, password = "wrong" }, new { userName = "nobody", password = "whatever" }, new { } })
        {
            var refused = await http.PostAsJsonAsync("/api/auth/login", bad);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var problem = await ProblemRefusal.Read(refused);
            Assert.Contains("not correct", problem.Detail);
            Assert.Equal(RefusalCodes.SignInWrong, problem.Code);
        }
    }

    [Fact]
    public async Task Only_admins_may_create_users()
    {
        using var anonymous = Server.CreateClient();
        var user = new { userName = "someone", displayName = "Someone", password = Admin.StrongPassword, roles = new[] { "counselor" } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/admin/users", user)).StatusCode);

        var (counselorName, password) = await fixture.Admin.CreateCounselor("王老师");
        using var asCounselor = Server.CreateClient();
        asCounselor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(counselorName, password));
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.PostAsJsonAsync("/api/admin/users", user)).StatusCode);

        using var forged = Server.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PostAsJsonAsync("/api/admin/users", user)).StatusCode);
    }

    [Fact]
    public async Task Creating_a_user_validates_every_field_with_problem_details()
    {
        using var http = await fixture.Admin.Client();
        async Task<string> Refused(object body, HttpStatusCode expected = HttpStatusCode.BadRequest)
        {
            var response = await http.PostAsJsonAsync("/api/admin/users", body);
            Assert.Equal(expected, response.StatusCode);
            return (await ProblemRefusal.Read(response)).Detail;
        }

        var name = $"u{Guid.NewGuid():N}"[..12];
        Assert.Contains("userName", await Refused(new { userName = "a b", displayName = "X", password = Admin.StrongPassword, roles = new[] { "counselor" } }));
        Assert.Contains("at least 10", await Refused(new { userName = name, displayName = "X", password = "Short1!", roles = new[] { "counselor" } }));
        Assert.Contains("three of", await Refused(new { userName = name, displayName = "X", password = "alllowercaseletters", roles = new[] { "counselor" } }));
        Assert.Contains("roles", await Refused(new { userName = name, displayName = "X", password = Admin.StrongPassword, roles = new[] { "king" } }));
        Assert.Contains("maxConcurrentChats", await Refused(new { userName = name, displayName = "X", password = Admin.StrongPassword, roles = new[] { "counselor" }, maxConcurrentChats = 0 }));
        Assert.Contains("not a known topic", await Refused(new { userName = name, displayName = "X", password = Admin.StrongPassword, roles = new[] { "counselor" }, topics = new[] { "astrology" } }));

        var created = await http.PostAsJsonAsync("/api/admin/users", new { userName = name, displayName = "X", password = Admin.StrongPassword, roles = new[] { "counselor" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("already taken", await Refused(new { userName = name.ToUpperInvariant(), displayName = "Y", password = Admin.StrongPassword, roles = new[] { "admin" } }, HttpStatusCode.Conflict));
        Assert.False(string.IsNullOrEmpty(await Server.LoginAsync(name, Admin.StrongPassword)));
    }

    [Fact]
    public async Task The_counselor_hub_refuses_anonymous_callers_and_other_roles()
    {
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(Server.BaseAddress, "/hubs/counselor")).Build();
        var unauthorized = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        var adminToken = await Server.LoginAsync(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        var asAdmin = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/counselor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(adminToken))
            .Build();
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => asAdmin.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task A_hub_token_is_accepted_in_the_query_string_as_browsers_send_it()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("赵老师");
        var token = await Server.LoginAsync(userName, password);
        using var http = Server.CreateClient();
        var withQuery = await http.PostAsync($"/hubs/counselor/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);
        Assert.Equal(HttpStatusCode.OK, withQuery.StatusCode);
        var without = await http.PostAsync("/hubs/counselor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        var elsewhere = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/users?access_token={Uri.EscapeDataString(token)}") { Content = JsonContent.Create(new { }) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(elsewhere)).StatusCode);
    }

    [Fact]
    public async Task The_cluster_dashboard_is_for_admins_only()
    {
        using var anonymous = Server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);

        var (counselorName, password) = await fixture.Admin.CreateCounselor("钱老师");
        using var asCounselor = Server.CreateClient();
        await asCounselor.PostAsJsonAsync("/api/auth/login", new { userName = counselorName, password });
        // A counsellor's sign-in sets no cookie, so her browser cannot open it; her token is signed in but no admin's.
        Assert.Equal(HttpStatusCode.Unauthorized, (await asCounselor.GetAsync("/dashboard/")).StatusCode);
        asCounselor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(counselorName, password));
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.GetAsync("/dashboard/")).StatusCode);

        // An admin's sign-in also sets the staff cookie, which is how an admin's browser opens the dashboard. It is
        // Secure (a Production server), so a client would keep it off this test's plain http: the test sends it itself.
        using var asAdmin = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = Server.BaseAddress };
        var login = await asAdmin.PostAsJsonAsync("/api/auth/login", new { userName = HotlineServer.AdminUserName, password = HotlineServer.AdminPassword });
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hotline.staff="));
        Assert.All(new[] { "httponly", "samesite=strict", "secure", "path=/dashboard" }, part => Assert.Contains(part, cookie));
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        var dashboard = await asAdmin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Orleans Dashboard", await dashboard.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_are_served_with_a_strict_content_security_policy_and_the_usual_headers()
    {
        using var http = Server.CreateClient();
        foreach (var page in new[] { "/", "/counselor.html", "/supervisor.html" })
        {
            var response = await http.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("camera=(), microphone=(), geolocation=()", response.Headers.GetValues("Permissions-Policy").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>", html);
        }
        // Text typed by people reaches the page only through textContent.
        foreach (var script in Directory.GetFiles(Path.Combine(HotlineServer.RepositoryRoot(), "src", "Web", "wwwroot"), "*.js"))
        {
            var code = await File.ReadAllTextAsync(script);
            Assert.False(code.Contains("innerHTML") || code.Contains("outerHTML") || code.Contains("insertAdjacentHTML") || code.Contains("document.write"), script);
        }
    }

    [Fact]
    public async Task Health_and_readiness_answer()
    {
        using var http = Server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var topics = await http.GetFromJsonAsync<JsonElement>("/api/topics");
        Assert.Contains(topics.EnumerateArray(), t => t.GetProperty("id").GetString() == "gig-work" && t.GetProperty("zh").GetString() == "新就业形态压力");
    }
}
