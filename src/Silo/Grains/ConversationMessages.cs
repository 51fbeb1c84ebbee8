using Hotline.Contracts.Conversations;
using Orleans.Storage;

namespace Hotline.Silo.Grains;

/// <summary>A full page of a conversation's messages, stored on its own and never rewritten.</summary>
[GenerateSerializer, Alias("hotline.MessagePage")]
public sealed record MessagePage
{
    [Id(0)] public List<ChatMessage> Messages { get; set; } = [];
}

/// <summary>
/// A conversation's messages, kept in pages. The open page rides in the conversation's own state; once it holds
/// <see cref="PageSize"/> messages it is stored as a sealed page of its own. So a new message rewrites at most one
/// page, not the whole conversation: the benchmark showed the whole-list write growing with every message. Only the
/// open page is in memory; sealed pages are read when asked for (a client repairing a gap, a view, the archive).
/// Sealed page n holds seqs n × PageSize + 1 to (n + 1) × PageSize, since a page is sealed exactly when full.
/// A sealed page is written before the state that counts it, so a crash in between leaves a page nobody counts,
/// which the next seal overwrites.
/// </summary>
public sealed class ConversationMessages(IGrainStorage storage, GrainId conversation)
{
    public const int PageSize = 50;

    /// <summary>How many messages the conversation has, which is also its newest seq.</summary>
    public static long Count(ConversationState state) => (long)state.SealedPages * PageSize + state.Messages.Count;

    /// <summary>Adds a message to the open page, first sealing that page if it is full. The caller then commits the state.</summary>
    public async Task<ChatMessage> Append(ConversationState state, ChatMessage message)
    {
        if (state.Messages.Count >= PageSize)
        {
            var page = await Read(state.SealedPages);
            page.State = new MessagePage { Messages = [.. state.Messages] };
            await storage.WriteStateAsync(StateName(state.SealedPages), conversation, page);
            state.SealedPages++;
            state.Messages = [];
        }
        state.Messages.Add(message);
        return message;
    }

    /// <summary>The messages after <paramref name="afterSeq"/>, oldest first, at most <paramref name="max"/>.</summary>
    public async Task<List<ChatMessage>> After(ConversationState state, long afterSeq, int max)
    {
        var found = new List<ChatMessage>();
        await foreach (var message in From(state, afterSeq))
        {
            if (found.Count == max)
                break;
            found.Add(message);
        }
        return found;
    }

    /// <summary>The first message after <paramref name="afterSeq"/> that matches, or null.</summary>
    public async Task<ChatMessage?> FirstAfter(ConversationState state, long afterSeq, Func<ChatMessage, bool> match)
    {
        await foreach (var message in From(state, afterSeq))
        {
            if (match(message))
                return message;
        }
        return null;
    }

    /// <summary>Every message, for the archive record: read once, when the conversation is archived.</summary>
    public Task<List<ChatMessage>> All(ConversationState state) => After(state, 0, int.MaxValue);

    /// <summary>The newest <paramref name="max"/> messages, oldest first.</summary>
    public Task<List<ChatMessage>> Newest(ConversationState state, int max) => After(state, Math.Max(0, Count(state) - max), max);

    /// <summary>Deletes every sealed page, and one a crash may have left beyond them.</summary>
    public async Task Clear(ConversationState state)
    {
        for (var page = 0; page <= state.SealedPages; page++)
        {
            var stored = await Read(page);
            if (stored.RecordExists)
                await storage.ClearStateAsync(StateName(page), conversation, stored);
        }
    }

    /// <summary>The messages after <paramref name="afterSeq"/> in order, reading a sealed page only once the ones before it are used up.</summary>
    private async IAsyncEnumerable<ChatMessage> From(ConversationState state, long afterSeq)
    {
        for (var page = (int)Math.Min(state.SealedPages, Math.Max(0, afterSeq) / PageSize); page < state.SealedPages; page++)
        {
            foreach (var message in (await Read(page)).State?.Messages ?? [])
            {
                if (message.Seq > afterSeq)
                    yield return message;
            }
        }
        foreach (var message in state.Messages)
        {
            if (message.Seq > afterSeq)
                yield return message;
        }
    }

    private async Task<GrainState<MessagePage>> Read(int page)
    {
        var stored = new GrainState<MessagePage>(new MessagePage());
        await storage.ReadStateAsync(StateName(page), conversation, stored);
        return stored;
    }

    private static string StateName(int page) => $"conversation-messages-{page}";
}
