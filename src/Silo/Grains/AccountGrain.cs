using System.Security.Cryptography;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Delivery;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AccountState")]
public sealed record AccountState
{
    [Id(0)] public Account? Account { get; set; }
    // Ids 1 and 2 held the failed-sign-in count and lock-out of an older version; sign-in back-off is in memory now.
    [Id(3)] public bool Disabled { get; set; }
    /// <summary>The security stamp every token must carry; null (stored before stamps) counts as the empty stamp.</summary>
    [Id(4)] public string? Stamp { get; set; }
}

/// <summary>
/// A staff account: its details, whether an admin disabled it, and its security stamp. A new stamp ends every session
/// of the person: their tokens are refused from then on, and their live connections are closed on every web node.
/// </summary>
public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state) : Grain, IAccountGrain
{
    private AccountState S => state.State;

    public Task<Account?> Get() => Task.FromResult(S.Account);

    public Task<AccountStanding> GetStanding() => Task.FromResult(new AccountStanding(S.Disabled, S.Stamp ?? ""));

    public async Task Create(Account account)
    {
        if (S.Account is not null)
            throw new HotlineException(RefusalCodes.AccountNameTaken, Refusal.Conflict, "The user name '{userName}' is already taken.", ("userName", account.UserName));
        S.Account = account;
        S.Stamp = NewStamp();
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add(account.UserName, account.Roles);
    }

    public async Task Update(Account account)
    {
        var before = Existing();
        var endsSessions = before.PasswordHash != account.PasswordHash || !before.Roles.ToHashSet().SetEquals(account.Roles)
            || !(before.Lines ?? []).ToHashSet().SetEquals(account.Lines ?? []);
        S.Account = account;
        if (endsSessions)
            S.Stamp = NewStamp();
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add(account.UserName, account.Roles);
        if (endsSessions)
            await DisconnectEverywhere();
    }

    public async Task UpgradePasswordHash(string oldHash, string newHash)
    {
        if (S.Account is not { } account || account.PasswordHash != oldHash)
            return;
        S.Account = account with { PasswordHash = newHash };
        await state.WriteStateAsync();
    }

    public async Task SetDisabled(bool disabled)
    {
        Existing();
        S.Disabled = disabled;
        S.Stamp = NewStamp();
        await state.WriteStateAsync();
        await DisconnectEverywhere();
    }

    public async Task EndSessions()
    {
        Existing();
        S.Stamp = NewStamp();
        await state.WriteStateAsync();
        await DisconnectEverywhere();
    }

    private Account Existing() => S.Account
        ?? throw new HotlineException(RefusalCodes.AccountUnknown, "There is no account '{userName}'.", ("userName", this.GetPrimaryKeyString()));

    // The hub filter would refuse the old stamp at the next call anyway; closing the connections tells the page now.
    private Task DisconnectEverywhere() => GrainFactory.GetGrain<INotifierGrain>(0).DisconnectUser(this.GetPrimaryKeyString());

    private static string NewStamp() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
}
