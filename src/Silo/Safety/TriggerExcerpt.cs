using System.Text;

namespace Hotline.Silo.Safety;

/// <summary>
/// The worker's words around a matched risk phrase, for the supervisor's alert: the phrase is found the way
/// <see cref="RiskScreen"/> matched it (folded), then cut out of the text as the worker wrote it.
/// </summary>
public static class TriggerExcerpt
{
    /// <summary>How many characters of the message each side of the phrase the excerpt keeps.</summary>
    public const int Around = 30;

    public static string Of(string text, string phrase)
    {
        var target = RiskScreen.Fold(phrase);
        // Folded text, and for each folded char where its rune starts and ends in the original.
        var folded = new StringBuilder(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            foreach (var c in RiskScreen.Fold(rune.ToString()))
            {
                folded.Append(c);
                starts.Add(index);
                ends.Add(index + rune.Utf16SequenceLength);
            }
            index += rune.Utf16SequenceLength;
        }
        var at = target.Length == 0 ? -1 : folded.ToString().IndexOf(target, StringComparison.Ordinal);
        var (from, to) = at < 0 ? (0, 0) : (starts[at], ends[at + target.Length - 1]);
        return Window(text, from, to);
    }

    private static string Window(string text, int from, int to)
    {
        var start = Math.Max(0, from - Around);
        var end = Math.Min(text.Length, to + Around);
        if (start > 0 && char.IsLowSurrogate(text[start]))
            start--;
        if (end < text.Length && char.IsLowSurrogate(text[end]))
            end++;
        var excerpt = string.Join(' ', text[start..end].Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return (start > 0 ? "…" : "") + excerpt + (end < text.Length ? "…" : "");
    }
}
