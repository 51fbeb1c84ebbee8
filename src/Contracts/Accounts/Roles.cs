namespace Hotline.Contracts.Accounts;

public static class Roles
{
    public const string Counselor = "counselor";
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Counselor, Supervisor, Admin };
}
