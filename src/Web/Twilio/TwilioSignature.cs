using System.Security.Cryptography;
using System.Text;

namespace Hotline.Web.Twilio;

/// <summary>
/// The <c>X-Twilio-Signature</c> a webhook request carries, computed and checked the way Twilio's own helper library
/// does it (we have no Twilio SDK to call).
/// </summary>
public static class TwilioSignature
{
    /// <summary>
    /// Base64 HMAC-SHA1 keyed with the auth token (UTF-8) over the full URL (with its query string) followed by every
    /// POST parameter's name and value, names in ordinal order. A repeated name contributes each of its distinct
    /// values in ordinal order, as in the official helper, which drops duplicate values.
    /// </summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters) =>
        Sign(authToken, url, Concatenate(parameters));

    /// <summary>
    /// True when <paramref name="signature"/> is the one for this request, compared in constant time. Like the
    /// official helper, the URL also counts with its default port (443 for https, 80 for http) added or removed: the
    /// URL rebuilt from a request may name the port where the one Twilio signed did not, or the reverse. A null or
    /// empty signature or token is never valid.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature))
            return false;
        var given = Encoding.UTF8.GetBytes(signature);
        var concatenated = Concatenate(parameters);
        return Matches(url) || (WithDefaultPortToggled(url) is { } other && Matches(other));

        bool Matches(string candidate) =>
            CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(Sign(authToken, candidate, concatenated)));
    }

    private static string Concatenate(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder();
        foreach (var name in parameters.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            foreach (var value in name.Select(p => p.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                data.Append(name.Key).Append(value);
        return data.ToString();
    }

    private static string Sign(string authToken, string url, string concatenatedParameters)
    {
        ArgumentNullException.ThrowIfNull(url);
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(url + concatenatedParameters));
        return Convert.ToBase64String(hash);
    }

    /// <summary>
    /// The URL with the scheme's default port removed if it has it, or added if it has no port; null for any other
    /// port or scheme. Works on the text, not <see cref="Uri"/>, which would normalise what Twilio signed.
    /// </summary>
    private static string? WithDefaultPortToggled(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return null;
        var defaultPort = url[..schemeEnd].ToLowerInvariant() switch { "https" => "443", "http" => "80", _ => null };
        if (defaultPort is null)
            return null;
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
            authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        // The port's colon comes after any user info and after the bracket that closes an IPv6 literal.
        var colon = authority.IndexOf(':', Math.Max(authority.LastIndexOf('@'), authority.LastIndexOf(']')) + 1);
        if (colon < 0)
            return url.Insert(authorityEnd, ":" + defaultPort);
        return authority[(colon + 1)..] == defaultPort ? url.Remove(authorityStart + colon, authority.Length - colon) : null;
    }
}
