namespace Hotline.Silo.Routing;

/// <summary>
/// The estimated wait for a place in a queue. The first <c>free</c> waiting conversations are being offered to free
/// seats now (0 s). Behind them, a seat frees up on average every <c>handle / staffed</c> seconds, where handle is
/// the mean of the queue's recently measured handle times (answer to end) and staffed is the number of seats of the
/// counsellors on duty for this queue. With nobody on duty, one seat is assumed, so the estimate never claims zero.
/// Until any handle time is measured, a configured default stands in for the mean.
/// </summary>
public static class WaitEstimate
{
    public const int Samples = 20;

    public static int Seconds(int position, int freeSeats, int staffedSeats, IReadOnlyCollection<double> recentHandleSeconds, int defaultHandleSeconds)
    {
        var ahead = position - Math.Max(0, freeSeats);
        if (ahead <= 0)
            return 0;
        var handle = recentHandleSeconds.Count == 0 ? defaultHandleSeconds : recentHandleSeconds.Average();
        return (int)Math.Ceiling(ahead * handle / Math.Max(1, staffedSeats));
    }
}
