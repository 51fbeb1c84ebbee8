namespace Hotline.Contracts.Accounts;

/// <summary>A staff account, keyed by its normalised (lower-case) user name.</summary>
public interface IAccountGrain : IGrainWithStringKey
{
    Task<Account?> Get();

    /// <summary>Creates the account; refused when the name is taken.</summary>
    Task Create(Account account);
}
