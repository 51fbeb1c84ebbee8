using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// A client that connects from another loopback address (127.0.0.2, 127.0.0.3, …): Linux routes all of 127.0.0.0/8
/// to lo, so the server sees each as a client address of its own, as it sees workers on different networks.
/// </summary>
public static class LoopbackAddress
{
    public static IPAddress Of(int last) => IPAddress.Parse($"127.0.0.{last}");

    public static SocketsHttpHandler Handler(IPAddress from) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
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

    public static HttpClient Client(IHotlineSite site, IPAddress from) => new(Handler(from)) { BaseAddress = site.BaseAddress };

    /// <summary>Negotiation and the WebSocket both leave from <paramref name="from"/>.</summary>
    public static void From(this HttpConnectionOptions options, IPAddress from)
    {
        options.HttpMessageHandlerFactory = _ => Handler(from);
        options.WebSocketFactory = async (context, cancellationToken) =>
        {
            var socket = new ClientWebSocket();
            var url = new UriBuilder(context.Uri) { Scheme = context.Uri.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(url, new HttpMessageInvoker(Handler(from)), cancellationToken);
            return socket;
        };
    }
}
