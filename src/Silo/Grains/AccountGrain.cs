using Hotline.Contracts;
using Hotline.Contracts.Accounts;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AccountState")]
public sealed record AccountState
{
    [Id(0)] public Account? Account { get; set; }
}

public sealed class AccountGrain([PersistentState("account")] IPersistentState<AccountState> state) : Grain, IAccountGrain
{
    public Task<Account?> Get() => Task.FromResult(state.State.Account);

    public async Task Create(Account account)
    {
        if (state.State.Account is not null)
            throw new HotlineException($"The user name '{account.UserName}' is already taken.", Refusal.Conflict);
        state.State.Account = account;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAccountDirectoryGrain>(0).Add(account.UserName, account.Roles);
    }
}
