namespace Hotline.Bench;

/// <summary>A way for a message to go from one side of a pair to the other: the bare relay (B1) or the product (B3).</summary>
public interface IMessagePath
{
    string Name { get; }

    int Pairs { get; }

    /// <summary>Sends from side A of the pair; the task completes when the server acknowledges the message.</summary>
    Task Send(int pair, string text);
}

/// <summary>Retries forever, spread out, as the product's pages do: a restarted server is not hit by every client at once.</summary>
public sealed class SpreadRetry : Microsoft.AspNetCore.SignalR.Client.IRetryPolicy
{
    public TimeSpan? NextRetryDelay(Microsoft.AspNetCore.SignalR.Client.RetryContext retryContext) =>
        TimeSpan.FromMilliseconds(250 + Random.Shared.Next(1000));
}
