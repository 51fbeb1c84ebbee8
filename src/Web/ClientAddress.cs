using System.Net;
using System.Net.Sockets;

namespace Hotline.Web;

/// <summary>
/// The key a client's limits are counted under: its IPv4 address, or its IPv6 /64 (one household or phone gets a
/// whole /64, so counting single IPv6 addresses would let one person look like millions). Behind a proxy this is
/// the real client only once the forwarded-headers middleware has run. Used in memory only, never stored.
/// </summary>
public static class ClientAddress
{
    public static string Key(HttpContext? http) => Key(http?.Connection.RemoteIpAddress);

    public static string Key(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
