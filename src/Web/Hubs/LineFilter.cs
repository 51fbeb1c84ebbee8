using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web.Hubs;

/// <summary>
/// Keeps, of items that each name a conversation, those whose conversation is of a line the reader covers. An item
/// about no conversation (an audit entry of an account change, say) is the default line's: the network's staff see it.
/// </summary>
public static class LineFilter
{
    public static async Task<IReadOnlyList<T>> OfLines<T>(this IGrainFactory grains, StaffScope scope, IReadOnlyList<T> items, Func<T, Guid> conversationOf)
    {
        var covered = await Task.WhenAll(items.Select(async item => conversationOf(item) is var id && id == Guid.Empty
            ? scope.Covers(null)
            : scope.Covers(await grains.GetGrain<IConversationGrain>(id).GetLine())));
        return [.. items.Where((_, i) => covered[i])];
    }

    /// <summary>The audit log's newest page as the reader's lines allow; its integrity check is the whole page's.</summary>
    public static async Task<AuditPage> OfLines(this IGrainFactory grains, StaffScope scope, AuditPage page) =>
        page with { Entries = await grains.OfLines(scope, page.Entries, chained => chained.Entry.ConversationId) };
}
