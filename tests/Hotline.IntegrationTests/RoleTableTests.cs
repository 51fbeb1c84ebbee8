using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Hotline.IntegrationTests;

/// <summary>Every row of docs/SECURITY.md's role table: the wrong role is refused.</summary>
public sealed class RoleTableTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    public static TheoryData<string, string, HttpStatusCode> HubRows => new()
    {
        { "/hubs/counselor", "anonymous", HttpStatusCode.Unauthorized },
        { "/hubs/counselor", "admin", HttpStatusCode.Forbidden },
        { "/hubs/supervisor", "anonymous", HttpStatusCode.Unauthorized },
        { "/hubs/supervisor", "admin", HttpStatusCode.Forbidden },
        { "/hubs/supervisor", "counselor", HttpStatusCode.Forbidden },
    };

    public static TheoryData<string, string, string, HttpStatusCode> EndpointRows => new()
    {
        { "GET", "/api/admin/users", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/api/admin/users", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/admin/users", "supervisor", HttpStatusCode.Forbidden },
        { "POST", "/api/admin/users", "counselor", HttpStatusCode.Forbidden },
        { "POST", "/api/admin/users", "supervisor", HttpStatusCode.Forbidden },
        { "PUT", "/api/admin/users/someone", "supervisor", HttpStatusCode.Forbidden },
        { "PUT", "/api/admin/users/someone/profile", "supervisor", HttpStatusCode.Forbidden },
        { "POST", "/api/admin/users/someone/disable", "supervisor", HttpStatusCode.Forbidden },
        { "POST", "/api/admin/users/someone/enable", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/stats", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/api/supervisor/stats", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/stats", "admin", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/audit", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/audit", "admin", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/archive/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/supervisor/archive/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/api/reports/contacts?from=2026-01-01&to=2026-01-31", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/api/reports/contacts?from=2026-01-01&to=2026-01-31", "counselor", HttpStatusCode.Forbidden },
        { "GET", "/api/canned-replies", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/api/canned-replies", "admin", HttpStatusCode.Forbidden },
        { "PUT", "/api/canned-replies/greeting", "counselor", HttpStatusCode.Forbidden },
        { "PUT", "/api/canned-replies/greeting", "admin", HttpStatusCode.Forbidden },
        { "DELETE", "/api/canned-replies/greeting", "counselor", HttpStatusCode.Forbidden },
        { "DELETE", "/api/canned-replies/greeting", "anonymous", HttpStatusCode.Unauthorized },
        { "GET", "/dashboard/", "supervisor", HttpStatusCode.Forbidden },
        { "GET", "/dashboard/", "anonymous", HttpStatusCode.Unauthorized },
    };

    [Theory]
    [MemberData(nameof(HubRows))]
    public async Task A_hub_refuses_the_wrong_role(string hub, string role, HttpStatusCode expected)
    {
        var token = await TokenFor(role);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, hub), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(expected, refused.StatusCode);
    }

    [Theory]
    [MemberData(nameof(EndpointRows))]
    public async Task An_endpoint_refuses_the_wrong_role(string method, string path, string role, HttpStatusCode expected)
    {
        using var http = Server.CreateClient();
        if (await TokenFor(role) is { } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = JsonContent.Create(new { roles = new[] { "admin" }, maxConcurrentChats = 10 });
        Assert.Equal(expected, (await http.SendAsync(request)).StatusCode);
    }

    private async Task<string?> TokenFor(string role)
    {
        if (role == "anonymous")
            return null;
        if (role == "admin")
            return await Server.LoginAsync(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        var (userName, password) = await fixture.Admin.CreateCounselor($"{role} 角色", role: role);
        return await Server.LoginAsync(userName, password);
    }
}
