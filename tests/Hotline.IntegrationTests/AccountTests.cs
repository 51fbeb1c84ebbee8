using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>Staff accounts: lockout, disabling (live connections dropped), and the admin endpoints.</summary>
public sealed class AccountTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("锁定测试");
        using var http = Server.CreateClient();
        for (var i = 0; i < 4; i++)
            Assert.Contains("not correct", await Refusal(http, userName, "Wrong-Password-1"));
        Assert.Contains("locked until", await Refusal(http, userName, "Wrong-Password-1"));
        Assert.Contains("locked until", await Refusal(http, userName, password));
    }

    [Fact]
    public async Task A_disabled_account_is_cut_off_at_once_and_cannot_sign_in_or_use_its_token()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("停用测试");
        var token = await Server.LoginAsync(userName, password);
        await using var counselor = await CounselorSession.Connect(Server, token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        counselor.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };

        using var admin = await fixture.Admin.Client();
        var disabled = await admin.PostAsync($"/api/admin/users/{userName}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var http = Server.CreateClient();
        Assert.Contains("disabled", await Refusal(http, userName, password));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/hubs/counselor/negotiate?negotiateVersion=1", null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/users/{userName}/enable", null)).StatusCode);
        Assert.False(string.IsNullOrEmpty(await Server.LoginAsync(userName, password)));
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
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }
}
