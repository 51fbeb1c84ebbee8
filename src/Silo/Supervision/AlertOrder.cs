using Hotline.Contracts.Supervision;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Supervision;

/// <summary>
/// The order supervisors see open alerts in: highest risk first, then newest. Alerts of one conversation are one line,
/// ranked by its highest risk and newest alert, so an escalated R3 never sorts above the same chat's newer R4.
/// </summary>
public static class AlertOrder
{
    public static IReadOnlyList<Alert> Sort(IEnumerable<Alert> alerts)
    {
        var list = alerts.ToList();
        var lines = list.GroupBy(a => a.ConversationId).ToDictionary(g => g.Key, g => (
            Risk: g.Max(a => RiskPriority.Of(a.RiskLevel)),
            Newest: g.Max(a => a.RaisedAt)));
        return list
            .OrderByDescending(a => lines[a.ConversationId].Risk)
            .ThenByDescending(a => lines[a.ConversationId].Newest)
            .ThenBy(a => a.ConversationId)
            .ThenByDescending(a => RiskPriority.Of(a.RiskLevel))
            .ThenByDescending(a => a.RaisedAt)
            .ToList();
    }
}
