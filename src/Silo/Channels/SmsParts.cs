using System.Buffers;
using System.Globalization;

namespace Hotline.Silo.Channels;

/// <summary>
/// A counsellor's message as the texts to send by SMS: the message itself when it fits one SMS, otherwise parts
/// numbered "(i/n) " that each fit one segment of a concatenated SMS, broken between words where the text allows.
/// </summary>
public static class SmsParts
{
    private const int GsmSingle = 160;
    private const int GsmSegment = 153;
    private const int Ucs2Single = 70;
    private const int Ucs2Segment = 67;

    // GSM 03.38 basic character set (the escape code aside) and its extension table, whose characters are sent
    // as the escape plus one septet, so they cost two.
    private const string GsmBasic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string GsmExtension = "\f^{}\\[~]|€";
    private static readonly SearchValues<char> Gsm = SearchValues.Create(GsmBasic + GsmExtension);
    private static readonly SearchValues<char> Extension = SearchValues.Create(GsmExtension);

    // Chinese has no spaces between words; a part may end after clause or sentence punctuation instead.
    private static readonly SearchValues<char> BreakAfter = SearchValues.Create("，。！？；：、");

    public static IReadOnlyList<string> Split(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        if (FitsOneSms(text))
            return [text];
        var trimmed = text.Trim();
        if (FitsOneSms(trimmed))
            return [trimmed];

        // The whole message's encoding holds for every part: a UCS-2 message's parts are priced as UCS-2 even
        // where a part happens to be GSM-7, which only leaves it room to spare.
        var gsm = IsGsm(trimmed);
        // The prefix length depends on how many digits n has, and n on how much room the prefixes leave:
        // try one digit, then two, until the count of parts has no more digits than were allowed for.
        for (var digits = 1; ; digits++)
        {
            var bodies = Bodies(trimmed, gsm, digits);
            if (Digits(bodies.Count) <= digits)
                return bodies.Select((body, i) => $"({i + 1}/{bodies.Count}) {body}").ToList();
        }
    }

    private static bool FitsOneSms(string text) =>
        IsGsm(text) ? Cost(text, gsm: true) <= GsmSingle : Cost(text, gsm: false) <= Ucs2Single;

    private static bool IsGsm(string text) => !text.AsSpan().ContainsAnyExcept(Gsm);

    /// <summary>Septets in GSM-7, UTF-16 code units in UCS-2 (so a character outside the BMP costs two).</summary>
    private static int Cost(ReadOnlySpan<char> text, bool gsm)
    {
        var cost = text.Length;
        if (gsm)
        {
            foreach (var c in text)
            {
                if (Extension.Contains(c))
                    cost++;
            }
        }
        return cost;
    }

    private static int Digits(int number) => number.ToString(CultureInfo.InvariantCulture).Length;

    /// <summary>The parts' texts without prefixes, room left in each for "(i/n) " with n of <paramref name="totalDigits"/> digits.</summary>
    private static List<string> Bodies(string text, bool gsm, int totalDigits)
    {
        var segment = gsm ? GsmSegment : Ucs2Segment;
        var bodies = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var prefix = "(/) ".Length + Digits(bodies.Count + 1) + totalDigits;
            var (body, next) = NextBody(text, start, segment - prefix, gsm);
            bodies.Add(body);
            start = next;
        }
        return bodies;
    }

    /// <summary>
    /// The longest run from <paramref name="start"/> (never whitespace) that costs at most <paramref name="room"/>,
    /// cut only between characters as the reader sees them (so never inside a surrogate pair, a flag or a
    /// GSM escape), and shortened to end at a word or clause when one ends in its last third.
    /// </summary>
    private static (string Body, int Next) NextBody(string text, int start, int room, bool gsm)
    {
        var ends = new List<int>();
        var end = start;
        var used = 0;
        while (end < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, end);
            var cost = Cost(text.AsSpan(end, length), gsm);
            if (cost > room)
            {
                // A cluster too long for any part (a pile of combining marks) is cut between code points.
                length = char.IsSurrogatePair(text, end) ? 2 : 1;
                cost = Cost(text.AsSpan(end, length), gsm);
            }
            if (used + cost > room)
                break;
            used += cost;
            end += length;
            ends.Add(end);
        }

        var cut = end;
        if (end < text.Length)
        {
            var earliest = start + (end - start) * 2 / 3;
            for (var i = ends.Count - 1; i >= 0 && ends[i] >= earliest; i--)
            {
                if (char.IsWhiteSpace(text[ends[i]]) || BreakAfter.Contains(text[ends[i] - 1]))
                {
                    cut = ends[i];
                    break;
                }
            }
        }

        var next = cut;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
            next++;
        return (text[start..cut].TrimEnd(), next);
    }
}
