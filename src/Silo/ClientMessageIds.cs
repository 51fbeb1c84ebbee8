using Hotline.Contracts;
using Hotline.Contracts.Conversations;

namespace Hotline.Silo;

/// <summary>
/// The ids pages give the messages people type, so that a send retried after a lost answer is stored once. A
/// conversation remembers those of its last <see cref="Remembered"/> messages, in its own state.
/// </summary>
public static class ClientMessageIds
{
    public const int Remembered = 500;

    private const int MaxLength = 64;

    public static string Validate(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? id
            : throw new HotlineException("Each message needs its own id from the page (1–64 letters, digits, '-' or '_'). Reload the page and send it again.");

    /// <summary>The sender is part of the key, so an id one side has seen (ids travel with messages) never stands for the other side's message.</summary>
    public static string Key(Sender sender, string id) => $"{(int)sender}:{id}";

    /// <summary>Remembers the seq a key was stored at, forgetting the oldest once more than <see cref="Remembered"/> are kept.</summary>
    public static void Remember(Dictionary<string, long> ids, string key, long seq)
    {
        ids[key] = seq;
        if (ids.Count > Remembered)
            ids.Remove(ids.MinBy(entry => entry.Value).Key);
    }
}
