using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Polly;
using Polly.Retry;

namespace Hotline.Silo.Records;

/// <summary>
/// The blob container the cluster profile archives to: created at first use, and every call made through one retry
/// policy. Transient failures (no answer, timeouts, throttling, server errors) are tried again a few times with
/// exponential backoff, all within a few seconds; then the failure goes to the caller, whose queue keeps what it
/// could not write.
/// </summary>
public sealed class ArchiveContainer(BlobContainerClient container)
{
    private static readonly ResiliencePipeline Retry = new ResiliencePipelineBuilder()
        .AddTimeout(TimeSpan.FromSeconds(15))
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    private volatile bool _created;

    /// <summary>The client options the archive needs: Polly owns retries, and the API version is pinned (see the tech notes on Azurite).</summary>
    public static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06);
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    /// <summary>Runs <paramref name="call"/> with bounded retries; storage still unreachable after them is an <see cref="ArchiveUnavailableException"/>.</summary>
    public async Task<T> Call<T>(Func<BlobContainerClient, CancellationToken, Task<T>> call)
    {
        try
        {
            return await Attempt(call);
        }
        catch (Exception e) when (IsTransient(e, CancellationToken.None))
        {
            throw new ArchiveUnavailableException(e);
        }
    }

    private async Task<T> Attempt<T>(Func<BlobContainerClient, CancellationToken, Task<T>> call) =>
        await Retry.ExecuteAsync(async cancellationToken =>
        {
            try
            {
                if (!_created)
                {
                    await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                    _created = true;
                }
                return await call(container, cancellationToken);
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                _created = false;
                throw;
            }
        }, CancellationToken.None);

    public Task Call(Func<BlobContainerClient, CancellationToken, Task> call) =>
        Call(async (blobs, cancellationToken) =>
        {
            await call(blobs, cancellationToken);
            return true;
        });

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        // Someone removed the container; it is created again on the next try.
        RequestFailedException r when r.ErrorCode == BlobErrorCode.ContainerNotFound => true,
        // An append blob's end moved under us (an earlier try that did land): the next try reads it again.
        RequestFailedException r when r.ErrorCode == BlobErrorCode.AppendPositionConditionNotMet => true,
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}

/// <summary>Blob storage did not answer within the retries. Nothing was lost: writes wait in the outbox.</summary>
public sealed class ArchiveUnavailableException(Exception inner) : Exception("The archive's blob storage cannot be reached.", inner);
