using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Hotline.Bench;

/// <summary>The product's REST side, as the bootstrap admin: creates counsellor accounts and signs them in.</summary>
public sealed class ProductSite(IServer web)
{
    public const string AdminUserName = "bench-admin";
    public const string AdminPassword = "Measure-Twice-Root-2026";
    private const string CounsellorPassword = "Bench-Counsellor-2026";

    public IServer Web { get; } = web;

    public async Task<IReadOnlyList<string>> CreateCounsellors(int count, int maxConcurrentChats)
    {
        using var admin = new HttpClient { BaseAddress = Web.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Login(AdminUserName, AdminPassword));
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var userName = $"b{Guid.NewGuid():N}"[..16];
            var created = await admin.PostAsJsonAsync("/api/admin/users", new
            {
                userName,
                displayName = $"Counsellor {i}",
                password = CounsellorPassword,
                roles = new[] { "counselor" },
                topics = Array.Empty<string>(),
                languages = new[] { "zh", "en" },
                maxConcurrentChats,
            });
            created.EnsureSuccessStatusCode();
            tokens[i] = await Login(userName, CounsellorPassword);
        });
        return tokens;
    }

    private async Task<string> Login(string userName, string password)
    {
        using var http = new HttpClient { BaseAddress = Web.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
    }

    private sealed record LoginResult(string AccessToken);
}
