namespace Hotline.Silo.Routing;

/// <summary>
/// Estimated wait for a position in the queue: the mean of the queue's recently measured times to answer,
/// times the position. Until anything is measured, a configured default stands in for the mean.
/// </summary>
public static class WaitEstimate
{
    public const int Samples = 20;

    public static int Seconds(int position, IReadOnlyCollection<double> recentAnswerSeconds, int defaultAnswerSeconds)
    {
        var mean = recentAnswerSeconds.Count == 0 ? defaultAnswerSeconds : recentAnswerSeconds.Average();
        return (int)Math.Round(Math.Max(1, position) * mean);
    }
}
