namespace Hotline.Contracts.Accounts;

/// <summary>A staff account. Workers have none.</summary>
[GenerateSerializer, Immutable, Alias("hotline.Account")]
public sealed record Account(string UserName, string DisplayName, string PasswordHash, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt);
