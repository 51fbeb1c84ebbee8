using Hotline.Contracts.Accounts;

namespace Hotline.Silo.Grains;

[GenerateSerializer, Alias("hotline.AccountDirectoryState")]
public sealed record AccountDirectoryState
{
    [Id(0)] public Dictionary<string, List<string>> RolesByUser { get; set; } = [];
}

public sealed class AccountDirectoryGrain([PersistentState("accounts")] IPersistentState<AccountDirectoryState> state) : Grain, IAccountDirectoryGrain
{
    public async Task Add(string userName, IReadOnlyList<string> roles)
    {
        state.State.RolesByUser[userName] = roles.ToList();
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> UserNames() => Task.FromResult<IReadOnlyList<string>>(state.State.RolesByUser.Keys.Order().ToList());

    public Task<bool> HasAdmin() => Task.FromResult(state.State.RolesByUser.Values.Any(r => r.Contains(Roles.Admin)));
}
