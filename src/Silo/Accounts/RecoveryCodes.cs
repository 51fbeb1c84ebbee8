using System.Security.Cryptography;
using System.Text;

namespace Hotline.Silo.Accounts;

/// <summary>
/// Single-use codes for a lost or forgotten phone: ten of 10 letters and digits (50 random bits each), shown once
/// and kept only as SHA-256 hashes. A hash needs no slow work factor here: the codes are random, not chosen by people.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;

    // Without 0/O, 1/I/L: nothing to misread when typed from paper.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>New codes, written "xxxxx-xxxxx".</summary>
    public static IReadOnlyList<string> New() =>
        Enumerable.Range(0, Count).Select(_ => $"{RandomNumberGenerator.GetString(Alphabet, 5)}-{RandomNumberGenerator.GetString(Alphabet, 5)}").ToList();

    /// <summary>The hash of a code as it was typed: case, spaces and dashes do not matter.</summary>
    public static string Hash(string code)
    {
        var plain = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));
    }
}
