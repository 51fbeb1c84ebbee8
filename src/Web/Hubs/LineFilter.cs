using Hotline.Contracts.Conversations;
using Hotline.Web.Auth;

namespace Hotline.Web.Hubs;

/// <summary>Keeps, of items that each name a conversation, those whose conversation is of a line the reader covers.</summary>
public static class LineFilter
{
    public static async Task<IReadOnlyList<T>> OfLines<T>(this IGrainFactory grains, StaffScope scope, IReadOnlyList<T> items, Func<T, Guid> conversationOf)
    {
        var covered = await Task.WhenAll(items.Select(async item => scope.Covers(await grains.GetGrain<IConversationGrain>(conversationOf(item)).GetLine())));
        return [.. items.Where((_, i) => covered[i])];
    }
}
