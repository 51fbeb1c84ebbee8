using System.Buffers.Text;
using System.Security.Cryptography;

namespace Hotline.Web.Hubs;

/// <summary>
/// Resume tokens: 256 random bits, given to the worker once. Only their SHA-256 is kept, as the worker grain's key,
/// so stored data cannot be turned back into a token.
/// </summary>
public static class ResumeTokens
{
    public static (string Token, string WorkerKey) Create()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, KeyOf(token)!);
    }

    public static string? KeyOf(string? token)
    {
        if (token is not { Length: 43 } || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return null;
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token)));
    }
}
