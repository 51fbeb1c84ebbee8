using Hotline.Contracts.Records;

namespace Hotline.Web.Endpoints;

/// <summary>Makes sure the daily retention reminder exists whenever the hotline starts.</summary>
public sealed class RetentionSchedule(IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => grains.GetGrain<IRetentionGrain>(0).Schedule();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
