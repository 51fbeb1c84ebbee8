using Hotline.Contracts.Accounts;

namespace Hotline.Tests.Grains;

/// <summary>The account's security stamp: what gives it a new one (and closes the person's connections), and what does not.</summary>
public sealed class AccountStampTests : HotlineTestCluster
{
    [Fact]
    public async Task Roles_password_disable_enable_and_sign_out_each_give_a_new_stamp_and_close_the_connections()
    {
        var account = await NewAccount("stamped");
        var changes = new (string What, Func<Account, Task> Change)[]
        {
            ("roles", a => Account(a).Update(a with { Roles = [Roles.Supervisor] })),
            ("password", a => Account(a).Update(a with { PasswordHash = "another-hash" })),
            ("disable", a => Account(a).SetDisabled(true)),
            ("enable", a => Account(a).SetDisabled(false)),
            ("sign-out", a => Account(a).EndSessions()),
        };
        var stamps = new List<string> { (await Account(account).GetStanding()).Stamp };
        foreach (var (what, change) in changes)
        {
            var disconnects = Disconnects(account);
            await change((await Account(account).Get())!);
            var stamp = (await Account(account).GetStanding()).Stamp;
            Assert.DoesNotContain(stamp, stamps);
            stamps.Add(stamp);
            await Events.WaitUntil(() => Disconnects(account) > disconnects, $"the {what} closes the person's connections");
        }
    }

    [Fact]
    public async Task A_new_display_name_the_same_roles_or_a_re_hash_keep_the_stamp()
    {
        var account = await NewAccount("kept");
        var stamp = (await Account(account).GetStanding()).Stamp;
        await Account(account).Update(account with { DisplayName = "新名字" });
        await Account(account).Update(account with { DisplayName = "新名字", Roles = [.. account.Roles.Reverse()] });
        await Account(account).UpgradePasswordHash(account.PasswordHash, "rehashed");
        Assert.Equal("rehashed", (await Account(account).Get())!.PasswordHash);
        // A re-hash against a hash that has changed meanwhile (a new password) is dropped.
        await Account(account).UpgradePasswordHash("stale", "lost");
        Assert.Equal("rehashed", (await Account(account).Get())!.PasswordHash);
        Assert.Equal(stamp, (await Account(account).GetStanding()).Stamp);
    }

    private async Task<Account> NewAccount(string userName)
    {
        var account = new Account(userName, "测试", "hash", [Roles.Counselor, Roles.Supervisor], Clock.GetUtcNow());
        await Account(account).Create(account);
        return account;
    }

    private IAccountGrain Account(Account account) => Grains.GetGrain<IAccountGrain>(account.UserName);

    private int Disconnects(Account account) => Events.All.Count(e => e.Name == "Disconnect" && (string?)e.Payload == account.UserName);
}
