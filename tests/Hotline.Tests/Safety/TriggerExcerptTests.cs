using Hotline.Silo.Safety;

namespace Hotline.Tests.Safety;

/// <summary>The worker's words around a matched phrase, as the supervisor's alert shows them.</summary>
public sealed class TriggerExcerptTests
{
    [Fact]
    public void A_short_message_is_shown_whole() =>
        Assert.Equal("我真的不想活了", TriggerExcerpt.Of("我真的不想活了", "不想活了"));

    [Fact]
    public void A_long_message_is_cut_around_the_phrase_with_ellipses()
    {
        var before = new string('前', 50);
        var after = new string('后', 50);

        var excerpt = TriggerExcerpt.Of($"{before}我不想活了{after}", "不想活了");

        Assert.Equal($"…{new string('前', 29)}我不想活了{new string('后', 30)}…", excerpt);
    }

    [Fact]
    public void A_phrase_matched_through_spaces_full_width_letters_and_line_breaks_is_found_in_the_words_as_written()
    {
        var text = new string('x', 40) + " I want to ＫＩＬＬ\nmy-self tonight " + new string('y', 40);

        var excerpt = TriggerExcerpt.Of(text, "kill myself");

        Assert.StartsWith("…", excerpt);
        Assert.Contains("ＫＩＬＬ my-self", excerpt);
        Assert.EndsWith("…", excerpt);
        Assert.True(excerpt.Length <= "ＫＩＬＬ\nmy-self".Length + 2 * TriggerExcerpt.Around + 2, excerpt);
    }

    [Fact]
    public void An_emoji_at_the_cut_is_kept_whole()
    {
        // The phrase starts at 81, so a cut 30 before it would fall between the two halves of an emoji.
        var excerpt = TriggerExcerpt.Of(string.Concat(Enumerable.Repeat("😢", 40)) + "a不想活了", "不想活了");

        Assert.True(char.IsHighSurrogate(excerpt[1]), excerpt);
    }
}
