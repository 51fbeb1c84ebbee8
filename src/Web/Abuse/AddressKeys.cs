using System.Security.Cryptography;
using System.Text;
using Hotline.Web.Auth;

namespace Hotline.Web.Abuse;

/// <summary>
/// Keys for counting client addresses across the cluster without knowing them: the address a grain is keyed by is a
/// keyed hash (HMAC-SHA256) of <see cref="ClientAddress.Key(HttpContext?)"/>, and start challenges are signed with a
/// second key. Both are derived from the token-signing key, which every web node of a cluster already shares.
/// </summary>
public sealed class AddressKeys(TokenSigningKey signing)
{
    private readonly byte[] _addressKey = signing.Derive("hotline address key");

    public byte[] ChallengeKey { get; } = signing.Derive("hotline start challenge");

    /// <summary>The same address (IPv6: the same /64) always gives the same hash; the hash does not give the address back.</summary>
    public string HashOf(HttpContext? http) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_addressKey, Encoding.UTF8.GetBytes(ClientAddress.Key(http))))[..32];
}
