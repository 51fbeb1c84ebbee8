using Hotline.Silo.Routing;

namespace Hotline.Tests.Routing;

public sealed class ReferralsTests
{
    [Fact]
    public void Every_referral_has_an_id_of_its_own_and_a_card_text_in_each_language()
    {
        var referrals = Referrals.LoadDefault();
        Assert.Equal(referrals.Cards.Count, referrals.Cards.Select(c => c.Id).Distinct().Count());
        var card = referrals.Find("aid-line-12356")!;
        Assert.Equal("📞 全国心理援助热线 12356（24 小时）", Referrals.CardText(card, "zh"));
        Assert.Equal("📞 National psychological aid line 12356 (24 hours)", Referrals.CardText(card, "en"));
        Assert.Null(referrals.Find("no-such-card"));
    }

    [Fact]
    public void A_seed_with_a_referral_without_an_id_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "alternatives": [ { "zh": "热线", "en": "Line" } ], "emergency": [] }""");
            Assert.Throws<InvalidDataException>(() => Referrals.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
