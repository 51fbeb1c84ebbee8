namespace Hotline.Contracts.Accounts;

/// <summary>
/// A staff account. Workers have none. <paramref name="Lines"/> are the lines the person works for: a counsellor is
/// offered the conversations of those lines' queues, and what the person may see and step into is those lines' and
/// the lines' under them (a supervisor of Henan covers Luoyang). Null for an account stored before lines existed,
/// which is the default line's. An admin's role is the whole network's.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.Account")]
public sealed record Account(string UserName, string DisplayName, string PasswordHash, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt,
    IReadOnlyList<string>? Lines = null);
