namespace Hotline.Contracts.Accounts;

/// <summary>The index of all accounts (user name → roles), so that "is there an admin yet" needs one call.</summary>
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    Task Add(string userName, IReadOnlyList<string> roles);

    Task<bool> HasAdmin();

    Task<IReadOnlyList<string>> UserNames();
}
