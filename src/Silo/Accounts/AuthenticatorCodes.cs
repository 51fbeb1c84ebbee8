using OtpNet;

namespace Hotline.Silo.Accounts;

/// <summary>
/// Codes of an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30-second steps), as every common app makes them.
/// A code is taken one step either side of now, for a phone's clock that is a little off, and only in a step later
/// than the last one used: a code seen over someone's shoulder cannot be used again.
/// </summary>
public static class AuthenticatorCodes
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>160 random bits, the size RFC 4226 recommends for SHA-1.</summary>
    public static byte[] NewSecret() => KeyGeneration.GenerateRandomKey(20);

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret);

    /// <summary>The time step <paramref name="code"/> was made for, if it is right now and later than <paramref name="lastStep"/>; why not otherwise.</summary>
    public static (long? Step, bool Replayed) Match(byte[] secret, string code, DateTimeOffset now, long lastStep)
    {
        var trimmed = code.Replace(" ", "", StringComparison.Ordinal);
        if (trimmed.Length != Digits || !trimmed.All(char.IsAsciiDigit))
            return (null, false);
        var totp = new Totp(secret, StepSeconds, OtpHashMode.Sha1, Digits);
        if (!totp.VerifyTotp(now.UtcDateTime, trimmed, out var step, new VerificationWindow(previous: 1, future: 1)))
            return (null, false);
        return step > lastStep ? (step, false) : (null, true);
    }
}
