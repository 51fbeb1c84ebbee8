using System.Text;
using System.Text.RegularExpressions;
using Hotline.Silo.Channels;

namespace Hotline.Tests.Channels;

public sealed partial class SmsPartsTests
{
    private const string English =
        "It sounds like this week has been really heavy for you, and I am glad you reached out tonight. " +
        "You do not have to have everything figured out before we talk. Could you tell me a little more about " +
        "what happened after you got home, and who was there with you? If at any point you feel unsafe, you can " +
        "call the emergency number and we will stay with you here as well. Take your time; there is no rush, and " +
        "nothing you say will make me think less of you. Many people who write to us feel exactly the same way.";

    private const string Chinese = "听起来这周对你来说真的很难熬，谢谢你今晚愿意来找我们聊。你不需要先把一切想清楚再开口。" +
        "能和我多说一点你回家以后发生了什么吗？当时身边有谁陪着你？如果任何时候你觉得不安全，请拨打紧急电话；" +
        "我们也会在这里一直陪着你。慢慢来，不用着急！你说的任何话都不会让我看轻你。";

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t ")]
    public void Empty_text_has_no_parts(string text) => Assert.Empty(SmsParts.Split(text));

    [Theory]
    [InlineData("Are you safe right now?")]
    [InlineData("你现在安全吗？")]
    [InlineData("  Keep the spaces of a text that fits.  ")]
    public void A_short_text_is_one_part_as_written(string text) => Assert.Equal([text], SmsParts.Split(text));

    [Fact]
    public void Gsm_text_of_160_septets_is_one_part_and_of_161_is_split()
    {
        var full = new string('a', 160);
        Assert.Equal([full], SmsParts.Split(full));

        var parts = SmsParts.Split(full + "a");
        Assert.Equal(["(1/2) " + new string('a', 147), "(2/2) " + new string('a', 14)], parts);
    }

    [Fact]
    public void Chinese_text_of_70_characters_is_one_part_and_of_71_is_split()
    {
        var full = string.Concat(Enumerable.Repeat("你", 70));
        Assert.Equal([full], SmsParts.Split(full));

        var parts = SmsParts.Split(full + "好");
        Assert.Equal(2, parts.Count);
        AssertEachFitsASegment(parts);
        Assert.Equal(full + "好", string.Concat(Bodies(parts)));
    }

    [Fact]
    public void Extension_characters_cost_two_septets_and_stay_whole()
    {
        var full = string.Concat(Enumerable.Repeat("€", 80));
        Assert.Equal([full], SmsParts.Split(full));

        var text = string.Concat(Enumerable.Repeat("a{€}^", 40));
        Assert.Equal(360, Septets(text));
        var parts = SmsParts.Split(text);
        Assert.Equal(3, parts.Count);
        AssertEachFitsASegment(parts);
        Assert.All(parts, p => Assert.Null(Ucs2Units(p)));
        Assert.Equal(text, string.Concat(Bodies(parts)));
    }

    [Fact]
    public void A_single_extension_character_makes_161_septets()
    {
        var text = new string('a', 159) + "€";
        Assert.Equal(161, Septets(text));
        Assert.Equal(2, SmsParts.Split(text).Count);
    }

    [Fact]
    public void Emoji_count_two_units_and_are_never_split()
    {
        var full = string.Concat(Enumerable.Repeat("😀", 35));
        Assert.Equal([full], SmsParts.Split(full));

        var text = "ok " + string.Concat(Enumerable.Repeat("😀", 60));
        var parts = SmsParts.Split(text);
        Assert.True(parts.Count > 1);
        AssertEachFitsASegment(parts);
        Assert.All(parts, p => Assert.True(IsWellFormed(p), $"A surrogate pair was split: {p}"));
        Assert.Equal(text.Replace(" ", ""), string.Concat(Bodies(parts)).Replace(" ", ""));
    }

    [Fact]
    public void A_flag_is_not_cut_between_its_two_letters()
    {
        var text = string.Concat(Enumerable.Repeat("🇨🇳", 20));
        var parts = SmsParts.Split(text);
        AssertEachFitsASegment(parts);
        Assert.All(Bodies(parts), b => Assert.Equal(0, b.Length % 4));
        Assert.Equal(text, string.Concat(Bodies(parts)));
    }

    [Fact]
    public void A_long_english_text_is_split_between_words()
    {
        var text = English + " " + English;
        var parts = SmsParts.Split(text);

        Assert.True(parts.Count >= 7);
        AssertNumbered(parts);
        AssertEachFitsASegment(parts);
        Assert.Equal(Words(text), Words(string.Join(" ", Bodies(parts))));
        Assert.All(Bodies(parts), b => Assert.Equal(b.Trim(), b));
    }

    [Fact]
    public void A_long_chinese_text_is_split_after_punctuation()
    {
        var text = string.Concat(Enumerable.Repeat(Chinese, 5))[..500];
        var parts = SmsParts.Split(text);

        AssertNumbered(parts);
        AssertEachFitsASegment(parts);
        Assert.Equal(text, string.Concat(Bodies(parts)));
        Assert.All(Bodies(parts).SkipLast(1), b => Assert.Contains(b[^1], "，。！？；"));
    }

    [Fact]
    public void A_text_without_a_break_in_the_last_third_is_cut_at_the_limit()
    {
        var text = "I " + new string('x', 300);
        var parts = SmsParts.Split(text);
        AssertEachFitsASegment(parts);
        Assert.Equal(153, Septets(parts[0]));
        Assert.Equal(text, string.Concat(Bodies(parts)));
    }

    [Fact]
    public void The_part_count_is_right_where_it_gains_a_digit()
    {
        var counts = new HashSet<int>();
        // Nine parts of 147 septets hold 1,323; past that the tenth part lengthens every prefix by one.
        for (var length = 1300; length <= 1360; length++)
        {
            var text = new string('a', length);
            var parts = SmsParts.Split(text);
            AssertNumbered(parts);
            AssertEachFitsASegment(parts);
            Assert.Equal(text, string.Concat(Bodies(parts)));
            counts.Add(parts.Count);
        }
        Assert.Equal([9, 10], counts.Order());
        Assert.Equal(9, SmsParts.Split(new string('a', 1323)).Count);
        Assert.StartsWith("(10/10) ", SmsParts.Split(new string('a', 1324))[^1]);
    }

    [Fact]
    public void The_part_count_is_right_where_it_gains_a_digit_in_words()
    {
        for (var words = 200; words <= 240; words++)
        {
            var text = string.Join(" ", Enumerable.Range(0, words).Select(i => i % 3 == 0 ? "hello" : "you"));
            var parts = SmsParts.Split(text);
            AssertNumbered(parts);
            AssertEachFitsASegment(parts);
            Assert.Equal(Words(text), Words(string.Join(" ", Bodies(parts))));
        }
    }

    [Theory]
    [InlineData("mixed")]
    [InlineData("lines")]
    [InlineData("spaces")]
    public void No_character_but_whitespace_is_lost(string kind)
    {
        var text = kind switch
        {
            "mixed" => string.Concat(Enumerable.Repeat("Hi 你好 😀 {ok}\t", 40)),
            "lines" => string.Join("\r\n", Enumerable.Repeat(English, 3)),
            _ => "   " + string.Join("      ", Enumerable.Repeat("word", 120)) + "   ",
        };
        var parts = SmsParts.Split(text);
        AssertNumbered(parts);
        AssertEachFitsASegment(parts);
        Assert.Equal(WithoutWhitespace(text), WithoutWhitespace(string.Concat(Bodies(parts))));
    }

    private static void AssertNumbered(IReadOnlyList<string> parts)
    {
        for (var i = 0; i < parts.Count; i++)
            Assert.StartsWith($"({i + 1}/{parts.Count}) ", parts[i]);
    }

    private static void AssertEachFitsASegment(IReadOnlyList<string> parts)
    {
        foreach (var part in parts)
        {
            if (Ucs2Units(part) is { } units)
                Assert.True(units <= 67, $"{units} UCS-2 units: {part}");
            else
                Assert.True(Septets(part) <= 153, $"{Septets(part)} septets: {part}");
        }
    }

    private static IReadOnlyList<string> Bodies(IReadOnlyList<string> parts) =>
        parts.Select(p => Prefix().Replace(p, "", 1)).ToList();

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static bool IsWellFormed(string text)
    {
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    // The counter below is the test's own reading of GSM 03.38, written apart from SmsParts.
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡" +
        "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Escaped = "\f^{}\\[~]|€";

    private static int Septets(string text) => text.Sum(c => Escaped.Contains(c) ? 2 : 1);

    /// <summary>Null when the text is GSM-7.</summary>
    private static int? Ucs2Units(string text) =>
        text.All(c => Basic.Contains(c) || Escaped.Contains(c)) ? null : text.Length;

    [GeneratedRegex(@"^\(\d+/\d+\) ")]
    private static partial Regex Prefix();
}
