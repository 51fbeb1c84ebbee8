using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;

namespace Hotline.Tests.Grains;

/// <summary>
/// A client keeping the delivery contract's repair, as the pages do: it shows messages in seq order and each once;
/// a message that arrives after a gap makes it ask the grain for what it lacks, and so does a head check.
/// </summary>
public sealed class TranscriptFollower(Func<IReadOnlyList<ClientEvent>> arrived, Func<long, Task<ConversationTail>> messagesAfter)
{
    private readonly List<ChatMessage> _shown = [];
    private int _handled;

    public IReadOnlyList<ChatMessage> Shown => _shown;

    public int GapsRepaired { get; private set; }

    private long LastSeq => _shown.Count == 0 ? 0 : _shown[^1].Seq;

    /// <summary>Handles, in the order they arrived, the events that came since it last looked.</summary>
    public async Task Follow()
    {
        var events = arrived();
        for (; _handled < events.Count; _handled++)
        {
            if (events[_handled] is not { Name: nameof(ClientEvents.MessageReceived), Payload: ChatMessage message } || message.Seq <= LastSeq)
                continue;
            if (message.Seq == LastSeq + 1)
                _shown.Add(message);
            else
            {
                GapsRepaired++;
                await CatchUp();
            }
        }
    }

    /// <summary>GetMessagesAfter from the last message shown, page after page, until the conversation's newest.</summary>
    public async Task CatchUp()
    {
        while (true)
        {
            var tail = await messagesAfter(LastSeq);
            foreach (var message in tail.Messages)
                _shown.Add(message.Seq == LastSeq + 1 ? message : throw new InvalidOperationException($"GetMessagesAfter skipped from {LastSeq} to {message.Seq}."));
            if (LastSeq >= tail.LastSeq)
                return;
            if (tail.Messages.Count == 0)
                throw new InvalidOperationException($"GetMessagesAfter({LastSeq}) returned nothing though the conversation is at {tail.LastSeq}.");
        }
    }
}
