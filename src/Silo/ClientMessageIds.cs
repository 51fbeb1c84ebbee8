using Hotline.Contracts;
using Hotline.Contracts.Conversations;

namespace Hotline.Silo;

/// <summary>
/// The ids pages give the messages people type, so that a send retried after a lost answer is stored once. A
/// conversation remembers those of its last <see cref="Remembered"/> messages. The ids are stored inside the messages
/// themselves, so the index is kept in memory and rebuilt from the newest messages after an activation: it adds
/// nothing to the write of each message (a stored map of 500 ids was most of that write in a long conversation).
/// </summary>
public sealed class ClientMessageIds
{
    public const int Remembered = 500;

    private const int MaxLength = 64;

    private readonly Dictionary<string, long> _seqs = [];
    private readonly Queue<(long Seq, string Key)> _oldestFirst = new();

    /// <summary>The index of the given messages, the conversation's newest <see cref="Remembered"/>, oldest first.</summary>
    public static ClientMessageIds Of(IEnumerable<ChatMessage> newest)
    {
        var ids = new ClientMessageIds();
        foreach (var message in newest)
            ids.Add(message);
        return ids;
    }

    public static string Validate(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id
            : throw new HotlineException(RefusalCodes.MessageBadClientId, "Each message needs its own id from the page (1–64 letters, digits, '-' or '_'). Reload the page and send it again.");

    /// <summary>The seq this sender's message with this id was stored at, if it is among the remembered ones.</summary>
    public bool TryFind(Sender sender, string id, out long seq) => _seqs.TryGetValue(Key(sender, id), out seq);

    /// <summary>Remembers a stored message's id, forgetting those that are no longer among the last <see cref="Remembered"/> messages.</summary>
    public void Add(ChatMessage message)
    {
        if (message.ClientMessageId is { } id && _seqs.TryAdd(Key(message.Sender, id), message.Seq))
            _oldestFirst.Enqueue((message.Seq, Key(message.Sender, id)));
        while (_oldestFirst.TryPeek(out var oldest) && oldest.Seq <= message.Seq - Remembered)
            _seqs.Remove(_oldestFirst.Dequeue().Key);
    }

    /// <summary>The sender is part of the key, so an id one side has seen (ids travel with messages) never stands for the other side's message.</summary>
    private static string Key(Sender sender, string id) => $"{(int)sender}:{id}";
}
