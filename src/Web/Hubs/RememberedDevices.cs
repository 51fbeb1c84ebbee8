using System.Security.Cryptography;
using System.Text;
using Hotline.Contracts;
using Hotline.Web.Auth;

namespace Hotline.Web.Hubs;

/// <summary>
/// A remembered device's key is 32 random bytes the worker's browser made and keeps (base64url, 43 characters). The
/// worker key it gives is a keyed hash (HMAC-SHA256, its key derived from the token-signing key, which every web node
/// shares): the same device is the same worker on every node, and no store holds the device key itself.
/// </summary>
public sealed class RememberedDevices(TokenSigningKey signing)
{
    private readonly byte[] _key = signing.Derive("hotline remembered device");

    /// <summary>Null without a device key (an anonymous worker); a refusal for one that is not 43 base64url characters.</summary>
    public string? WorkerKeyOf(string? deviceKey)
    {
        if (deviceKey is null)
            return null;
        if (deviceKey is not { Length: 43 } || !deviceKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new HotlineException(RefusalCodes.DeviceKeyInvalid,
                "This browser's remembered-device code is damaged. Untick \"Remember this device\" and start again; if you are in danger, call 110, 120 or 12356.");
        return "device-" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(deviceKey)));
    }
}

public static class RememberedDevicesExtensions
{
    public static IServiceCollection AddRememberedDevices(this IServiceCollection services) => services.AddSingleton<RememberedDevices>();
}
