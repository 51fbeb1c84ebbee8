using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>Retries forever, spread out, as the product's pages do: a restarted server is not hit by every client at once.</summary>
public sealed class SpreadRetry : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(250 + Random.Shared.Next(1000));
}

public static class HubClients
{
    /// <summary>
    /// A client connection straight over WebSockets, as browsers end up. Skipping the negotiate request matters here:
    /// it keeps an HTTP connection open beside each WebSocket, and one process may hold only 20,000 sockets.
    /// </summary>
    public static HubConnection Connect(Uri hub, string? token = null) => new HubConnectionBuilder()
        .WithUrl(hub, options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            if (token is not null)
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .WithAutomaticReconnect(new SpreadRetry())
        .Build();
}
