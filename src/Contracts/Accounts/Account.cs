namespace Hotline.Contracts.Accounts;

/// <summary>
/// A staff account. Workers have none. Its roles hold at each of <paramref name="Lines"/> and the lines under them
/// (a supervisor of Henan covers Luoyang); null for an account stored before lines existed, which is the default
/// line's. An admin's role is the whole network's.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Account")]
public sealed record Account(string UserName, string DisplayName, string PasswordHash, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Lines = null);
