using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

/// <summary>
/// The README's run command starts in Development, which creates the demo accounts of seeds/demo-accounts.json: a
/// seed the account rules refuse would stop that start. Each demo account signs in with the password the README gives.
/// </summary>
public sealed class DemoAccountTests
{
    private sealed record DemoAccount(string UserName, string Password, List<string> Roles, List<string>? Lines);

    [Fact]
    public async Task Every_demo_account_is_created_in_development_and_signs_in_with_its_seeded_password()
    {
        var seed = JsonSerializer.Deserialize<List<DemoAccount>>(
            File.ReadAllText(Path.Combine(HotlineServer.RepositoryRoot(), "seeds", "demo-accounts.json")), JsonSerializerOptions.Web)!;
        await using var server = new HotlineServer(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        await server.StartAsync();
        var readme = File.ReadAllText(Path.Combine(HotlineServer.RepositoryRoot(), "README.md"));
        foreach (var account in seed)
        {
            Assert.Contains($"`{account.UserName}` / `{account.Password}`", readme.Replace("\n", " "));
            using var http = server.CreateClient();
            var response = await http.PostAsJsonAsync("/api/auth/login", new { userName = account.UserName, password = account.Password });
            Assert.True(response.IsSuccessStatusCode, $"{account.UserName}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
