namespace Hotline.Contracts.Accounts;

/// <summary>
/// Whether an account may sign in or use its tokens now. <paramref name="Stamp"/> is the account's security stamp:
/// every token carries the stamp it was issued with, and a token whose stamp is no longer the account's is refused.
/// Empty for an account whose stamp never changed (accounts stored before stamps existed).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AccountStanding")]
public sealed record AccountStanding(bool Disabled, string Stamp);

/// <summary>A staff account, keyed by its normalised (lower-case) user name.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task<Account?> Get();

    Task<AccountStanding> GetStanding();

    /// <summary>Creates the account; refused when the name is taken.</summary>
    Task Create(Account account);

    /// <summary>
    /// Replaces the account's details (display name, roles, password hash); refused for an unknown account. A change of
    /// roles or password ends every session of the account (a new stamp).
    /// </summary>
    Task Update(Account account);

    /// <summary>
    /// Stores the same password hashed with today's work factor, when the stored hash is still <paramref name="oldHash"/>
    /// (a password changed meanwhile wins). Sessions go on: the password is the same.
    /// </summary>
    Task UpgradePasswordHash(string oldHash, string newHash);

    /// <summary>Disables (or enables) the account; either ends every session of the account.</summary>
    Task SetDisabled(bool disabled);

    /// <summary>Signs the person out everywhere: a new stamp, so that every token and connection of theirs ends.</summary>
    Task EndSessions();
}
