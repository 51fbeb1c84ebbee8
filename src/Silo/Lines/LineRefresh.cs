using Hotline.Contracts.Lines;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Lines;

/// <summary>
/// Keeps this host's <see cref="LineCatalog"/> at the admins' latest edit: every <see cref="Interval"/> it asks the
/// <see cref="ILineNetworkGrain"/> for a network newer than the one it has (one small call, answered null while
/// nothing changed). While the grain cannot be reached the last network stays, and the next look tries again.
/// </summary>
public sealed class LineRefresh(LineCatalog catalog, IGrainFactory grains, TimeProvider clock, ILogger<LineRefresh> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private bool _failing;

    /// <summary>One look: the catalog takes the grain's network when it is newer.</summary>
    public async Task Refresh()
    {
        if (await grains.GetGrain<ILineNetworkGrain>(0).Since(catalog.Version) is { } newer)
        {
            catalog.Replace(newer.Version, newer.Lines);
            logger.LogInformation("The network of lines is now at edit {Version} ({Count} lines).", newer.Version, newer.Lines.Count);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await Refresh();
                if (_failing)
                    logger.LogInformation("The network of lines can be read again.");
                _failing = false;
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Once per outage: the host goes on with the network it has.
                if (!_failing)
                    logger.LogWarning(failure, "The network of lines cannot be read; this host keeps edit {Version} until it can.", catalog.Version);
                _failing = true;
            }
        }
    }
}
