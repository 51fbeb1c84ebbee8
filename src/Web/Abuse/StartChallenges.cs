using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hotline.Contracts.Workers;

namespace Hotline.Web.Abuse;

/// <summary>The page's answer to a start challenge: <paramref name="Answer"/> (decimal digits) makes SHA-256 of <c>challenge:answer</c> start with the challenge's number of zero bits.</summary>
public sealed record ChallengeProof(string? Challenge, string? Answer);

/// <summary>
/// Proof-of-work challenges for StartChat while arrivals from one address spike: costless for one person's page (a
/// second or two of hashing), costly for a script that starts hundreds of chats. A challenge is
/// <c>nonce.expires.difficulty.signature</c>: an HMAC over those and the address's hash, so it is good only for the
/// address it was issued to, only until it expires, and only at the difficulty it names. That it is spent once is
/// the address grain's part (<see cref="IClientAddressGrain"/>).
/// </summary>
public sealed class StartChallenges(AddressKeys keys, TimeProvider clock)
{
    public const int MaxDifficulty = 32;

    public string Issue(string addressHash, int difficulty, TimeSpan lifetime)
    {
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = $"{nonce}.{expires}.{Math.Clamp(difficulty, 1, MaxDifficulty)}";
        return $"{signed}.{Signature(signed, addressHash)}";
    }

    /// <summary>The challenge solved, or null when the proof is missing, forged, for another address, expired or not solved.</summary>
    public SolvedChallenge? Verify(ChallengeProof? proof, string addressHash)
    {
        if (proof?.Challenge is not { Length: <= 200 } challenge || proof.Answer is not { Length: > 0 and <= 20 } answer || !answer.All(char.IsAsciiDigit))
            return null;
        var parts = challenge.Split('.');
        if (parts.Length != 4
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var difficulty)
            || difficulty is < 1 or > MaxDifficulty)
            return null;
        var expected = Encoding.ASCII.GetBytes(Signature($"{parts[0]}.{parts[1]}.{parts[2]}", addressHash));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
            return null;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (expiresAt <= clock.GetUtcNow())
            return null;
        return LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes($"{challenge}:{answer}"))) >= difficulty
            ? new SolvedChallenge(parts[0], expiresAt)
            : null;
    }

    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var bits = 0;
        foreach (var b in hash)
        {
            if (b != 0)
                return bits + System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
            bits += 8;
        }
        return bits;
    }

    private string Signature(string signed, string addressHash) =>
        Base64Url(HMACSHA256.HashData(keys.ChallengeKey, Encoding.UTF8.GetBytes($"{signed}.{addressHash}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
