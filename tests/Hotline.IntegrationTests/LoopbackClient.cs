using System.Net;
using System.Net.Sockets;

namespace Hotline.IntegrationTests;

/// <summary>
/// Clients on other loopback addresses: Linux routes all of 127.0.0.0/8 to lo, so a socket bound to 127.0.0.2 is
/// a second machine as far as any server on 127.0.0.1 can tell.
/// </summary>
public static class LoopbackClient
{
    /// <summary>An HttpClient whose connections leave from <paramref name="source"/> (e.g. "127.0.0.2").</summary>
    public static HttpClient From(string source, Uri baseAddress, TestCertificate? trusted = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (trusted is not null)
            handler.SslOptions.RemoteCertificateValidationCallback = trusted.Validation;
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }
}
