namespace Hotline.Contracts.Accounts;

/// <summary>Whether an account may sign in or use its tokens now.</summary>
[GenerateSerializer, Immutable, Alias("hotline.AccountStanding")]
public sealed record AccountStanding(bool Disabled, DateTimeOffset? LockedUntil, int FailedSignIns);

/// <summary>A staff account, keyed by its normalised (lower-case) user name.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task<Account?> Get();

    Task<AccountStanding> GetStanding();

    /// <summary>Creates the account; refused when the name is taken.</summary>
    Task Create(Account account);

    /// <summary>Replaces the account's details (display name, roles, password hash); refused for an unknown account.</summary>
    Task Update(Account account);

    /// <summary>Counts a wrong password; the <paramref name="maxFailures"/>th in a row locks the account until <paramref name="lockedUntil"/>.</summary>
    Task<AccountStanding> RecordFailedSignIn(int maxFailures, DateTimeOffset lockedUntil);

    Task RecordSuccessfulSignIn();

    Task SetDisabled(bool disabled);
}
