using System.Text.Json;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Microsoft.Extensions.Options;

namespace Hotline.Web.Auth;

/// <summary>
/// At start: creates the first admin from configuration when no admin exists, and in Development only,
/// the demo accounts from seeds/demo-accounts.json (so the demo needs no set-up).
/// </summary>
public sealed class BootstrapAccounts(
    StaffAccounts accounts,
    IGrainFactory grains,
    IOptions<BootstrapAdminOptions> admin,
    IHostEnvironment environment,
    ILogger<BootstrapAccounts> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await CreateAdmin();
        if (environment.IsDevelopment())
            await CreateDemoAccounts();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private const string Actor = "configuration";

    private async Task CreateAdmin()
    {
        var (userName, password) = (admin.Value.UserName, admin.Value.Password);
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return;
        if (await grains.GetGrain<IAccountDirectoryGrain>(0).HasAdmin())
            return;
        try
        {
            await accounts.Create(new NewUserRequest(userName, userName, password, [Roles.Admin], null, null, null), Actor);
        }
        catch (HotlineException e)
        {
            // Web nodes of a cluster start side by side: another may have created it a moment ago.
            if (await grains.GetGrain<IAccountDirectoryGrain>(0).HasAdmin())
                return;
            throw new InvalidOperationException($"The bootstrap admin from {BootstrapAdminOptions.Section} was refused: {e.Message}", e);
        }
        logger.LogInformation("Created the bootstrap admin account {UserName}.", userName);
    }

    private async Task CreateDemoAccounts()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "seeds", "demo-accounts.json");
        if (!File.Exists(file))
            return;
        var demo = JsonSerializer.Deserialize<List<NewUserRequest>>(await File.ReadAllTextAsync(file), JsonSerializerOptions.Web) ?? [];
        foreach (var request in demo)
        {
            if (await grains.GetGrain<IAccountGrain>(StaffAccounts.Normalize(request.UserName!)).Get() is not null)
                continue;
            await accounts.Create(request, Actor);
            logger.LogWarning("Development only: created demo account {UserName} from seeds/demo-accounts.json.", request.UserName);
        }
    }
}
