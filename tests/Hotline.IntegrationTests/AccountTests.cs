using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>Staff accounts: disabling (connections and token cut off at once), the admin endpoints and their audit.</summary>
public sealed class AccountTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_disabled_account_is_cut_off_at_once_and_cannot_sign_in_or_use_its_token()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("停用测试");
        var token = await Server.LoginAsync(userName, password);
        await using var counselor = await CounselorSession.Connect(Server, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        counselor.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        using var withToken = Server.CreateClient();
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // Both work before: the hub connection and the token.
        await counselor.Connection.InvokeAsync<JsonElement>("GetMyConversations");
        Assert.Equal(HttpStatusCode.OK, (await withToken.GetAsync("/api/rota/mine")).StatusCode);

        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/disable", null)).StatusCode);

        // At once: the disable call returns only after the node has aborted the connection, so the very next call
        // fails (the same call worked just before); the close then follows as an event, on the shared deadline.
        await Assert.ThrowsAnyAsync<Exception>(() => counselor.Connection.InvokeAsync<JsonElement>("GetMyConversations"));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("/api/rota/mine")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.PostAsync("/hubs/counselor/negotiate?negotiateVersion=1", null)).StatusCode);
        using var http = Server.CreateClient();
        Assert.Contains("disabled", await Refusal(http, userName, password));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/enable", null)).StatusCode);
        Assert.False(string.IsNullOrEmpty(await Server.LoginAsync(userName, password)));
    }

    [Fact]
    public async Task Every_account_change_is_audited_with_the_admin_who_made_it()
    {
        var (userName, _) = await fixture.Admin.CreateCounselor("审计测试");
        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { roles = new[] { "supervisor" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { password = "Another-Strong-Pass-7" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}/profile", new { topics = new[] { "family" }, languages = new[] { "zh" }, maxConcurrentChats = 2 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/enable", null)).StatusCode);

        var (supervisorName, supervisorPassword) = await fixture.Admin.CreateCounselor("审计读者", role: "supervisor");
        using var supervisor = Server.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(supervisorName, supervisorPassword));
        var audit = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervisor/audit?take=1000");
        Assert.True(audit.GetProperty("intact").GetBoolean());
        var changes = audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("entry"))
            .Where(e => e.GetProperty("subject").GetString() == userName)
            .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString()))
            .ToList();
        // Newest first; the role change and the password change are each an update.
        Assert.Equal(
            [
                (HotlineServer.AdminUserName, "account-enable"),
                (HotlineServer.AdminUserName, "account-disable"),
                (HotlineServer.AdminUserName, "profile-update"),
                (HotlineServer.AdminUserName, "account-update"),
                (HotlineServer.AdminUserName, "account-update"),
                (HotlineServer.AdminUserName, "account-create"),
            ],
            changes);
    }

    [Fact]
    public async Task Admins_list_change_and_reskill_accounts_and_nobody_else_may()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("改资料测试");
        using var admin = await fixture.Admin.Client();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("userName").GetString() == userName);

        var changed = await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { displayName = "新名字", roles = new[] { "counselor", "supervisor" } });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var user = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("新名字", user.GetProperty("displayName").GetString());
        Assert.Equal(2, user.GetProperty("roles").GetArrayLength());

        var reskilled = await admin.PutAsJsonAsync($"/api/admin/users/{userName}/profile", new { topics = new[] { "gig-work" }, languages = new[] { "zh" }, maxConcurrentChats = 4 });
        Assert.Equal(HttpStatusCode.OK, reskilled.StatusCode);
        var profile = (await reskilled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("profile");
        Assert.Equal(4, profile.GetProperty("maxConcurrentChats").GetInt32());
        Assert.Equal(["gig-work"], profile.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}/profile", new { maxConcurrentChats = 99 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/users/{userName}", new { password = "weak" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/users/nobody-here/disable", null)).StatusCode);

        using var asCounselor = Server.CreateClient();
        asCounselor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Server.LoginAsync(userName, password));
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.GetAsync("/api/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.PutAsJsonAsync($"/api/admin/users/{userName}", new { roles = new[] { "admin" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.PutAsJsonAsync($"/api/admin/users/{userName}/profile", new { maxConcurrentChats = 10 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.PostAsync($"/api/admin/users/{userName}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asCounselor.PostAsync($"/api/admin/users/{userName}/enable", null)).StatusCode);
    }

    private static async Task<string> Refusal(HttpClient http, string userName, string password)
    {
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refused = await ProblemRefusal.Read(response);
        Assert.StartsWith("sign-in.", refused.Code);
        return refused.Detail;
    }
}
