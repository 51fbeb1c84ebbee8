namespace Hotline.Silo.Supervision;

/// <summary>
/// Erlang C: how many seats a queue needs so that a given share of contacts is answered within a target time.
/// Chats differ from calls in one way: a counsellor holds several at once. We treat each of a counsellor's
/// concurrent chats as a seat (with the handle time measured under that concurrency), so counsellors needed =
/// seats needed ÷ chats per counsellor, rounded up.
/// </summary>
public static class ErlangC
{
    /// <summary>The chance that a contact has to wait, with <paramref name="seats"/> seats and <paramref name="traffic"/> erlangs.</summary>
    public static double ProbabilityOfWaiting(int seats, double traffic)
    {
        if (traffic <= 0)
            return 0;
        if (seats <= traffic)
            return 1;
        // Erlang B by its stable recurrence, then C from B.
        var blocking = 1.0;
        for (var n = 1; n <= seats; n++)
            blocking = traffic * blocking / (n + traffic * blocking);
        return seats * blocking / (seats - traffic * (1 - blocking));
    }

    /// <summary>The share answered within <paramref name="targetSeconds"/>.</summary>
    public static double ServiceLevel(int seats, double traffic, double handleSeconds, double targetSeconds)
    {
        if (traffic <= 0)
            return 1;
        if (seats <= traffic)
            return 0;
        return 1 - ProbabilityOfWaiting(seats, traffic) * Math.Exp(-(seats - traffic) * targetSeconds / handleSeconds);
    }

    /// <summary>The fewest seats that meet the goal, for the given arrivals per hour and handle time.</summary>
    public static int SeatsNeeded(double arrivalsPerHour, double handleSeconds, double targetSeconds, double goal)
    {
        var traffic = arrivalsPerHour * handleSeconds / 3600;
        if (traffic <= 0)
            return 0;
        var seats = (int)Math.Floor(traffic) + 1;
        while (ServiceLevel(seats, traffic, handleSeconds, targetSeconds) < goal)
            seats++;
        return seats;
    }

    public static int CounselorsNeeded(double arrivalsPerHour, double handleSeconds, double targetSeconds, double goal, double chatsPerCounselor) =>
        (int)Math.Ceiling(SeatsNeeded(arrivalsPerHour, handleSeconds, targetSeconds, goal) / Math.Max(1, chatsPerCounselor));
}
