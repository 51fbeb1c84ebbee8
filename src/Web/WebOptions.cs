namespace Hotline.Web;

/// <summary>Sign-in settings (section Hotline:Auth). The signing key is generated into the data directory unless given.</summary>
public sealed class AuthOptions
{
    public const string Section = "Hotline:Auth";

    public double TokenLifetimeHours { get; set; } = 12;

    /// <summary>The wait after the first failed sign-in on an account from an address; each further failure doubles it.</summary>
    public double BackOffFirstSeconds { get; set; } = 1;

    /// <summary>The longest wait the doubling reaches.</summary>
    public double BackOffMaxSeconds { get; set; } = 300;

    /// <summary>Failures from one address (on any accounts) that cost it nothing; each one beyond makes every sign-in from it wait.</summary>
    public int BackOffFreeFailuresPerAddress { get; set; } = 10;

    /// <summary>A count whose last failure is this old starts again from nothing.</summary>
    public double BackOffForgetMinutes { get; set; } = 15;

    /// <summary>PBKDF2-HMAC-SHA512 iterations for new password hashes; a stored hash with fewer is re-hashed at its next sign-in.</summary>
    public int PasswordHashIterations { get; set; } = Auth.PasswordHashing.DefaultIterations;

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
