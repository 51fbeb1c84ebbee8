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
/// page, not the whole conversation: the benchmark showed the whole-list write growing with every message.
/// A sealed page is written before the state that counts it, so a crash in between leaves a page nobody counts,
/// which the next seal overwrites.
/// </summary>
public sealed class ConversationMessages(IGrainStorage storage, GrainId conversation)
{
    public const int PageSize = 50;

    private readonly List<ChatMessage> _all = [];

    public IReadOnlyList<ChatMessage> All => _all;

    public int Count => _all.Count;

    /// <summary>Reads the sealed pages the state counts, then its open page.</summary>
    public async Task Load(ConversationState state)
    {
        _all.Clear();
        for (var page = 0; page < state.SealedPages; page++)
            _all.AddRange((await Read(page)).State?.Messages ?? []);
        _all.AddRange(state.Messages);
    }

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
        _all.Add(message);
        return message;
    }

    /// <summary>Deletes every sealed page, and one a crash may have left beyond them.</summary>
    public async Task Clear(ConversationState state)
    {
        for (var page = 0; page <= state.SealedPages; page++)
        {
            var stored = await Read(page);
            if (stored.RecordExists)
                await storage.ClearStateAsync(StateName(page), conversation, stored);
        }
        _all.Clear();
    }

    private async Task<GrainState<MessagePage>> Read(int page)
    {
        var stored = new GrainState<MessagePage>(new MessagePage());
        await storage.ReadStateAsync(StateName(page), conversation, stored);
        return stored;
    }

    private static string StateName(int page) => $"conversation-messages-{page}";
}
