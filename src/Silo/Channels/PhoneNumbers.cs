using System.Security.Cryptography;
using System.Text;
using Hotline.Silo.Records;

namespace Hotline.Silo.Channels;

/// <summary>
/// Phone numbers are never stored in clear. A worker who texts or calls is known by a keyed HMAC of their number
/// (the same number always gives the same key, and the key cannot be turned back into the number without the
/// secret); an SMS conversation keeps the number sealed (AES-GCM, bound to the conversation) to text back.
/// </summary>
public sealed class PhoneNumbers
{
    private readonly byte[] _hmacKey;
    private readonly ArchiveCipher _cipher;

    public PhoneNumbers(byte[] secret)
    {
        if (secret.Length < 32)
            throw new InvalidOperationException("Hotline:Twilio:NumberKey must be at least 32 bytes (base64).");
        // Two keys from one secret, so that the HMAC and the seal never share a key.
        _hmacKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "hotline phone key"u8.ToArray());
        _cipher = new ArchiveCipher(new Dictionary<string, byte[]> { ["phone"] = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: "hotline phone seal"u8.ToArray()) }, "phone");
    }

    /// <summary>The pseudonymous key of a number, in E.164 as Twilio sends it.</summary>
    public string KeyOf(string phoneNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hmacKey, Encoding.UTF8.GetBytes(phoneNumber.Trim())));

    public SealedRecord Seal(string phoneNumber, Guid conversationId) =>
        _cipher.Seal(Encoding.UTF8.GetBytes(phoneNumber), BoundTo(conversationId));

    public string Open(SealedRecord sealedNumber, Guid conversationId) =>
        Encoding.UTF8.GetString(_cipher.Open(sealedNumber, BoundTo(conversationId)));

    private static byte[] BoundTo(Guid conversationId) => Encoding.UTF8.GetBytes($"phone:{conversationId:N}");
}
