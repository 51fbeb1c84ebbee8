using Hotline.Contracts.Conversations;
using Hotline.Silo.Safety;

namespace Hotline.Tests.Safety;

public sealed class RiskScreenTests
{
    private static readonly RiskScreen Screen = RiskScreen.LoadDefault();

    [Theory]
    [InlineData("我真的不想活了", RiskLevel.R3)]
    [InlineData("我 想 自 杀", RiskLevel.R3)]
    [InlineData("有时候想从楼上跳楼", RiskLevel.R3)]
    [InlineData("药我已经准备好了药，就在桌上", RiskLevel.R3)]
    [InlineData("I want to kill myself", RiskLevel.R3)]
    [InlineData("I want to KILL   MYSELF", RiskLevel.R3)]
    [InlineData("ｉ ｗａｎｔ ｔｏ ｅｎｄ ｍｙ ｌｉｆｅ", RiskLevel.R3)]
    [InlineData("kill-myself", RiskLevel.R3)]
    [InlineData("我已经吃了药，一整瓶", RiskLevel.R4)]
    [InlineData("I took all the pills and I want to die", RiskLevel.R4)]
    public void Risk_phrases_are_found_through_spaces_case_punctuation_and_full_width_forms(string text, RiskLevel expected)
    {
        Assert.Equal(expected, Screen.Screen(text)?.Level);
    }

    [Theory]
    [InlineData("我最近工作压力很大")]
    [InlineData("my boss kills me with overtime")]
    [InlineData("")]
    [InlineData(null)]
    public void Ordinary_text_is_not_a_hit(string? text) => Assert.Null(Screen.Screen(text));

    [Fact]
    public void Folding_removes_spaces_and_punctuation_and_turns_full_width_into_plain()
    {
        Assert.Equal("abc123自杀", RiskScreen.Fold("Ａ B，c-１2 3 自　杀！"));
    }
}
