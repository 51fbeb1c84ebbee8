using Hotline.Contracts;

namespace Hotline.Silo;

/// <summary>The rules every chat message obeys, whatever channel it came from.</summary>
public static class MessageText
{
    public static string Validate(string? text, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new HotlineException(RefusalCodes.MessageEmpty, "The message is empty. Type something before sending.");
        if (text.Length > maxLength)
            throw new HotlineException(RefusalCodes.MessageTooLong, "The message is {length} characters long; the limit is {max}. Split it into shorter messages.", ("length", text.Length), ("max", maxLength));
        if (text.Contains('\0'))
            throw new HotlineException(RefusalCodes.MessageNul, "The message contains a NUL character, which cannot be sent.");
        return text;
    }

    /// <summary>The first line of a message, short enough for an offer card.</summary>
    public static string Preview(string? text, int maxLength = 140)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var firstLine = text.Trim().Split('\n', 2)[0].TrimEnd('\r');
        if (firstLine.Length <= maxLength)
            return firstLine;
        // Never cut between the two halves of a surrogate pair (emoji, rare CJK).
        var cut = char.IsHighSurrogate(firstLine[maxLength - 1]) ? maxLength - 1 : maxLength;
        return firstLine[..cut] + "…";
    }
}
