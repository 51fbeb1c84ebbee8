namespace Hotline.Web;

/// <summary>Sign-in settings (section Hotline:Auth). The signing key is generated into the data directory unless given.</summary>
public sealed class AuthOptions
{
    public const string Section = "Hotline:Auth";

    public double TokenLifetimeHours { get; set; } = 12;

    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public double LockoutMinutes { get; set; } = 15;

    /// <summary>Base64, at least 32 bytes. Leave empty in the embedded profile to have one generated and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Roles whose sign-in needs a code from an authenticator app after the password, comma-separated; "none" (or
    /// empty) turns the second factor off.
    /// </summary>
    public string SecondFactorRoles { get; set; } = "supervisor,admin";

    public IReadOnlySet<string> SecondFactorRoleSet() =>
        SecondFactorRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(role => role.ToLowerInvariant())
            .Where(role => role != "none")
            .ToHashSet();
}

/// <summary>The first admin, created at start when no admin exists (section Hotline:BootstrapAdmin).</summary>
public sealed class BootstrapAdminOptions
{
    public const string Section = "Hotline:BootstrapAdmin";

    public string? UserName { get; set; }

    public string? Password { get; set; }
}
