using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Silo.Counseling;

namespace Hotline.Tests.Counseling;

public sealed class CannedReplyRulesTests
{
    [Theory]
    [InlineData("greeting")]
    [InlineData("ask-safety")]
    [InlineData("r4-2")]
    public void Short_lowercase_hyphenated_ids_are_accepted(string id) => Assert.True(CannedReplyRules.IsId(id));

    [Theory]
    [InlineData("")]
    [InlineData("Greeting")]
    [InlineData("-start")]
    [InlineData("end-")]
    [InlineData("two--hyphens")]
    [InlineData("with space")]
    [InlineData("问候")]
    [InlineData("../etc")]
    public void Other_ids_are_refused(string id) => Assert.False(CannedReplyRules.IsId(id));

    [Fact]
    public void An_id_longer_than_the_limit_is_refused() =>
        Assert.False(CannedReplyRules.IsId(new string('a', CannedReplyRules.MaxIdLength + 1)));

    [Fact]
    public void Titles_and_texts_are_trimmed()
    {
        var valid = CannedReplyRules.Validate(new CannedReply("closing", " 结束语 ", "Closing ", "\n谢谢。", "Thank you.\n"));
        Assert.Equal(new CannedReply("closing", "结束语", "Closing", "谢谢。", "Thank you."), valid);
    }

    [Theory]
    [InlineData("", "Closing", "谢谢", "Thanks", "titleZh is required")]
    [InlineData("结束语", "   ", "谢谢", "Thanks", "titleEn is required")]
    [InlineData("结束语", "Closing", "", "Thanks", "textZh is required")]
    public void Every_field_is_required(string titleZh, string titleEn, string textZh, string textEn, string expected)
    {
        var refused = Assert.Throws<HotlineException>(() => CannedReplyRules.Validate(new CannedReply("closing", titleZh, titleEn, textZh, textEn)));
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void Over_long_titles_and_texts_are_refused_with_the_limit()
    {
        var longTitle = Assert.Throws<HotlineException>(() => CannedReplyRules.Validate(
            new CannedReply("closing", new string('长', CannedReplyRules.MaxTitleLength + 1), "Closing", "谢谢", "Thanks")));
        Assert.Contains($"limit is {CannedReplyRules.MaxTitleLength}", longTitle.Message);
        var longText = Assert.Throws<HotlineException>(() => CannedReplyRules.Validate(
            new CannedReply("closing", "结束语", "Closing", "谢谢", new string('x', CannedReplyRules.MaxTextLength + 1))));
        Assert.Contains($"limit is {CannedReplyRules.MaxTextLength}", longText.Message);
    }

    [Fact]
    public void The_seed_has_about_ten_valid_replies_with_unique_ids()
    {
        var seed = CannedReplySeed.LoadDefault().Replies;
        Assert.InRange(seed.Count, 8, 15);
        Assert.Equal(seed.Count, seed.Select(r => r.Id).Distinct().Count());
    }
}
