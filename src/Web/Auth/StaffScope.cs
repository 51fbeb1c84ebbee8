using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;

namespace Hotline.Web.Auth;

/// <summary>
/// The lines a signed-in person's roles hold at: those their token names and every line under them (a supervisor of
/// Henan covers Luoyang). An admin's cover the whole network. A token from before lines names none: the default line.
/// A line stored as null (a record from before lines) is the default line's.
/// </summary>
public sealed class StaffScope(IReadOnlyList<string> lines, bool network, LineCatalog catalog)
{
    public static StaffScope Of(ClaimsPrincipal? user, LineCatalog catalog) => new(
        catalog.Served([.. user?.FindAll(TokenIssuer.LineClaim).Select(c => c.Value) ?? []]),
        user?.IsInRole(Roles.Admin) == true,
        catalog);

    public IReadOnlyList<string> Lines => lines;

    /// <summary>Every line this person covers, each once: their lines and those under them (an admin's: all), for reads rolled up from per-line grains.</summary>
    public IReadOnlyList<string> Covered => network
        ? [.. catalog.All.Select(line => line.Id)]
        : [.. lines.SelectMany(catalog.Under).Select(line => line.Id).Distinct()];

    public bool Covers(string? line) => network || lines.Any(scope => catalog.Covers(scope, catalog.LineOf(line)));

    /// <summary>Whether a counsellor of these lines is one this person sees: they serve a line this person covers.</summary>
    public bool CoversAny(IReadOnlyList<string>? served) => catalog.Served(served).Any(Covers);

    /// <summary>Refused, as if it did not exist, when the line is not one this person works for: the answer tells nothing of another line's conversations.</summary>
    public void Check(string? line)
    {
        if (!Covers(line))
            throw new HotlineException(RefusalCodes.LineOutOfScope, Refusal.NotFound,
                "This conversation is not one of your lines'. Ask a supervisor of its line, or of the province above it.");
    }

    /// <summary>
    /// The live figures as this person may see them: the queues, counsellors and active conversations of their lines.
    /// Today's totals, staffing and history are still the network's (they are kept for the network only); each line's
    /// measures only for their lines.
    /// </summary>
    public StatsSnapshot Filter(StatsSnapshot snapshot, QueueMap queues)
    {
        if (network)
            return snapshot;
        var counselors = snapshot.Counselors.Where(c => CoversAny(c.Lines)).ToList();
        return snapshot with
        {
            Queues = [.. snapshot.Queues.Where(q => Covers(queues.Parse(q.Queue).Line))],
            Counselors = counselors,
            CounselorsByPresence = snapshot.CounselorsByPresence.Keys.ToDictionary(p => p, p => counselors.Count(c => c.Presence == p)),
            ActiveConversations = [.. snapshot.ActiveConversations.Where(a => Covers(a.Line))],
            Lines = snapshot.Lines is { } measures ? [.. measures.Where(l => Covers(l.Line))] : null,
        };
    }

    /// <summary>An event's payload as this person may see it; null when it is another line's.</summary>
    public object? Filter(object payload, QueueMap queues) => payload switch
    {
        Alert alert => Covers(alert.Line) ? alert : null,
        StatsSnapshot snapshot => Filter(snapshot, queues),
        _ => payload,
    };
}
