using Hotline.Contracts.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Web.Auth;

/// <summary>
/// Staff passwords as ASP.NET Core Identity's V3 hashes (PBKDF2 with HMAC-SHA512, 128-bit salt, 256-bit subkey, the
/// iteration count stored in the hash), at the work factor OWASP advises for PBKDF2-HMAC-SHA512: 210,000 iterations.
/// A hash made with fewer (Identity's default is 100,000) still verifies, and asks to be re-hashed.
/// </summary>
public sealed class PasswordHashing
{
    public const int DefaultIterations = 210_000;

    private readonly PasswordHasher<Account> _hasher;

    public PasswordHashing(IOptions<AuthOptions> options)
    {
        _hasher = new PasswordHasher<Account>(Options.Create(new PasswordHasherOptions
        {
            CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
            IterationCount = options.Value.PasswordHashIterations,
        }));
        // Verifying against this when the user does not exist keeps a wrong name as slow as a wrong password.
        DecoyHash = _hasher.HashPassword(null!, "decoy-password-for-timing");
    }

    public string DecoyHash { get; }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public PasswordVerificationResult Verify(string hash, string password) => _hasher.VerifyHashedPassword(null!, hash, password);

    /// <summary>The iteration count a V3 hash was made with (bytes 5 to 8, big-endian, after the format marker and the PRF).</summary>
    public static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        return bytes[0] == 0x01 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5, 4)) : 0;
    }
}
