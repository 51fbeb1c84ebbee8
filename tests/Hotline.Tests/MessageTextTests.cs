using Hotline.Contracts;
using Hotline.Silo;

namespace Hotline.Tests;

public sealed class MessageTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Empty_messages_are_refused(string? text) =>
        Assert.Contains("empty", Assert.Throws<HotlineException>(() => MessageText.Validate(text, 10)).Message);

    [Fact]
    public void Messages_over_the_limit_are_refused_and_at_the_limit_kept_as_typed()
    {
        Assert.Contains("limit is 5", Assert.Throws<HotlineException>(() => MessageText.Validate("123456", 5)).Message);
        Assert.Equal(" <b> ", MessageText.Validate(" <b> ", 5));
    }

    [Fact]
    public void The_preview_is_the_first_line_shortened_without_splitting_a_character()
    {
        Assert.Equal("第一行", MessageText.Preview("  第一行\r\n第二行"));
        Assert.Equal("", MessageText.Preview(null));
        var emoji = string.Concat(Enumerable.Repeat("😀", 100));
        var preview = MessageText.Preview(emoji, 9);
        Assert.EndsWith("…", preview);
        Assert.False(char.IsHighSurrogate(preview[^2]));
    }
}
