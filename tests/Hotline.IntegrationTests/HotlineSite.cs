using System.Net.Http.Json;

namespace Hotline.IntegrationTests;

/// <summary>An address where the hotline answers: the embedded server, or one web node of a cluster.</summary>
public interface IHotlineSite
{
    Uri BaseAddress { get; }
}

public static class HotlineSiteExtensions
{
    public static HttpClient CreateClient(this IHotlineSite site) => new() { BaseAddress = site.BaseAddress };

    /// <summary>Signs in through POST /api/auth/login and returns the bearer token.</summary>
    public static async Task<string> LoginAsync(this IHotlineSite site, string userName, string password)
    {
        using var http = site.CreateClient();
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
    }

    private sealed record LoginResult(string AccessToken);
}
