using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Hotline.IntegrationTests;

/// <summary>The bootstrap admin, creating accounts through POST /api/admin/users.</summary>
public sealed class Admin(IHotlineSite server)
{
    public const string StrongPassword = "Listen-Carefully-42";

    private string? _token;

    public async Task<HttpClient> Client()
    {
        _token ??= await server.LoginAsync(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        var http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return http;
    }

    public async Task<(string UserName, string Password)> CreateCounselor(string displayName, int cap = 1, string role = "counselor", string? phoneNumber = null,
        IReadOnlyList<string>? lines = null)
    {
        var userName = $"c{Guid.NewGuid():N}"[..20];
        using var http = await Client();
        var response = await http.PostAsJsonAsync("/api/admin/users", new
        {
            userName,
            displayName,
            password = StrongPassword,
            roles = new[] { role },
            topics = Array.Empty<string>(),
            languages = new[] { "zh", "en" },
            maxConcurrentChats = cap,
            phoneNumber,
            lines,
        });
        response.EnsureSuccessStatusCode();
        return (userName, StrongPassword);
    }
}
