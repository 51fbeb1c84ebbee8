using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hotline.Web.Auth;

/// <summary>
/// Issues the bearer tokens staff use for REST calls and hubs. Claims: sub (user id), name, role, line (each line the
/// roles hold at, with the lines under it), and stamp (the account's security stamp when issued: a new stamp refuses
/// every older token, and a change of roles or lines makes one).
/// </summary>
public sealed class TokenIssuer(TokenSigningKey key, IOptions<AuthOptions> options, TimeProvider clock)
{
    public const string Issuer = "hotline";
    public const string Audience = "hotline";

    public (string Token, DateTimeOffset ExpiresAt) Issue(string userId, string displayName, IEnumerable<string> roles, IEnumerable<string> lines, string stamp)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now.AddHours(options.Value.TokenLifetimeHours);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = Principal(userId, displayName, roles, lines, stamp).Identities.Single(),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }

    public const string StampClaim = "stamp";
    public const string LineClaim = "line";

    public static ClaimsPrincipal Principal(string userId, string displayName, IEnumerable<string> roles, IEnumerable<string> lines, string stamp) =>
        new(new ClaimsIdentity(
            roles.Select(r => new Claim("role", r)).Concat(lines.Select(l => new Claim(LineClaim, l)))
                .Prepend(new Claim(StampClaim, stamp)).Prepend(new Claim("name", displayName)).Prepend(new Claim("sub", userId)),
            authenticationType: "hotline", nameType: "name", roleType: "role"));
}

public sealed record TokenSigningKey(SymmetricSecurityKey SecurityKey)
{
    /// <summary>A key of its own for one purpose (HKDF), shared by every web node as this one is, and never the signing key itself.</summary>
    public byte[] Derive(string purpose) =>
        System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256, SecurityKey.Key, 32, info: System.Text.Encoding.UTF8.GetBytes(purpose));

    /// <summary>The generated key's file in the key directory.</summary>
    public const string FileName = "token-signing.key";

    /// <summary>
    /// From configuration when given; otherwise, in the embedded profile, generated once into the key directory.
    /// Every web node of a cluster must sign with the same key, so there it is required.
    /// </summary>
    public static TokenSigningKey From(AuthOptions options, DataDirectory data, bool generateIfMissing)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey) && !generateIfMissing)
            throw new InvalidOperationException("The cluster profile needs Hotline:Auth:SigningKey (base64, at least 32 bytes), the same on every web node.");
        var bytes = string.IsNullOrWhiteSpace(options.SigningKey)
            ? data.Secret(FileName, 64)
            : Convert.FromBase64String(options.SigningKey);
        if (bytes.Length < 32)
            throw new InvalidOperationException("Hotline:Auth:SigningKey must be at least 32 bytes (base64).");
        return new TokenSigningKey(new SymmetricSecurityKey(bytes));
    }
}
