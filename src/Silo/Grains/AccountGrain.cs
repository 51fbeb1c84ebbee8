using Hotline.Contracts;
using Hotline.Contracts.Accounts;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AccountState")]
public sealed record AccountState
{
    [Id(0)] public Account? Account { get; set; }
    [Id(1)] public int FailedSignIns { get; set; }
    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(3)] public bool Disabled { get; set; }
}

/// <summary>A staff account: its details, and whether it may be used now (disabled by an admin, or locked after failed sign-ins).</summary>
public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state) : Grain, IAccountGrain
{
    private AccountState S => state.State;

    public Task<Account?> Get() => Task.FromResult(S.Account);

    public Task<AccountStanding> GetStanding() => Task.FromResult(Standing());

    public async Task Create(Account account)
    {
        if (S.Account is not null)
            throw new HotlineException(RefusalCodes.AccountNameTaken, Refusal.Conflict, "The user name '{userName}' is already taken.", ("userName", account.UserName));
        S.Account = account;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add(account.UserName, account.Roles);
    }

    public async Task Update(Account account)
    {
        if (S.Account is null)
            throw new HotlineException(RefusalCodes.AccountUnknown, "There is no account '{userName}'.", ("userName", this.GetPrimaryKeyString()));
        S.Account = account;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add(account.UserName, account.Roles);
    }

    public async Task<AccountStanding> RecordFailedSignIn(int maxFailures, DateTimeOffset lockedUntil)
    {
        if (S.Account is null)
            return Standing();
        S.FailedSignIns++;
        if (S.FailedSignIns >= maxFailures)
        {
            S.LockedUntil = lockedUntil;
            S.FailedSignIns = 0;
        }
        await state.WriteStateAsync();
        return Standing();
    }

    public async Task RecordSuccessfulSignIn()
    {
        if (S.FailedSignIns == 0 && S.LockedUntil is null)
            return;
        S.FailedSignIns = 0;
        S.LockedUntil = null;
        await state.WriteStateAsync();
    }

    public async Task SetDisabled(bool disabled)
    {
        if (S.Account is null)
            throw new HotlineException(RefusalCodes.AccountUnknown, "There is no account '{userName}'.", ("userName", this.GetPrimaryKeyString()));
        S.Disabled = disabled;
        await state.WriteStateAsync();
    }

    private AccountStanding Standing() => new(S.Disabled, S.LockedUntil, S.FailedSignIns);
}
