using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Lines;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

/// <summary>The report's lines on the seeded network: each line's contacts by who answered them, rolled up to the province and the network.</summary>
public sealed class ContactLineReportTests
{
    private static readonly LineCatalog Lines = LineCatalog.LoadDefault();
    private static readonly DateTimeOffset At = new(2026, 3, 1, 4, 0, 0, TimeSpan.Zero);

    private static ContactFact Answered(string line, string? by = null, double wait = 10) =>
        new(Guid.NewGuid(), At, Channel.Web, "emotional", RiskLevel.R1, "counselling", ContactOutcome.Answered, wait, 600, null, null, line, by ?? line);

    private static ContactFact Abandoned(string line) =>
        new(Guid.NewGuid(), At, Channel.Web, "", RiskLevel.Unassessed, null, ContactOutcome.Abandoned, null, null, null, null, line);

    private static IEnumerable<ContactFact> Times(int count, Func<ContactFact> fact) => Enumerable.Range(0, count).Select(_ => fact());

    private static IReadOnlyList<ExportedLine> Henan(IEnumerable<ContactFact> facts) =>
        ContactLineReport.Export([.. facts], [.. Lines.Under("henan")], Lines);

    [Fact]
    public void A_city_s_row_counts_answers_by_its_own_line_and_by_backup_and_the_province_rolls_its_city_up()
    {
        // Luoyang: 18 answered by itself in 10 s, 6 by Henan as backup in 40 s, 6 abandoned; Henan: 10 of its own.
        var facts = Times(18, () => Answered("luoyang")).Concat(Times(6, () => Answered("luoyang", by: "henan", wait: 40)))
            .Concat(Times(6, () => Abandoned("luoyang"))).Concat(Times(10, () => Answered("henan")));

        var lines = Henan(facts);

        Assert.Equal(["henan", "luoyang"], lines.Select(l => l.Line));
        var luoyang = lines.Single(l => l.Line == "luoyang");
        Assert.Equal(("henan", "30", "18", "6", "6"), (luoyang.Parent, luoyang.Contacts, luoyang.AnsweredInLine, luoyang.AnsweredByBackup, luoyang.Abandoned));
        Assert.Equal(("0.750", "17.5"), (luoyang.InLineAnswerRate, luoyang.AverageSecondsToAnswer));
        Assert.Null(luoyang.RolledUp);
        var henan = lines.Single(l => l.Line == "henan");
        Assert.Equal(("10", "10", "0", "1.000"), (henan.Contacts, henan.AnsweredInLine, henan.AnsweredByBackup, henan.InLineAnswerRate));
        Assert.Equal(new ExportedLineTotals("40", "28", "6", "6", "0.824"), henan.RolledUp);
    }

    [Fact]
    public void A_small_count_is_hidden_and_no_rate_or_roll_up_gives_it_back()
    {
        // Luoyang: 12 answered by itself, 2 by backup; Henan: 8 of its own.
        var facts = Times(12, () => Answered("luoyang")).Concat(Times(2, () => Answered("luoyang", by: "henan"))).Concat(Times(8, () => Answered("henan")));

        var lines = Henan(facts);

        var luoyang = lines.Single(l => l.Line == "luoyang");
        Assert.Equal(ContactReport.Suppressed, luoyang.AnsweredByBackup);
        // 14 contacts, 0 abandoned: the in-line count would give the 2 back, so it is held back too, and the rate with it.
        Assert.True(ContactSuppression.Hides(luoyang.AnsweredInLine) || ContactSuppression.Hides(luoyang.Contacts));
        Assert.Null(luoyang.InLineAnswerRate);
        var rolledUp = lines.Single(l => l.Line == "henan").RolledUp!;
        Assert.Equal((ContactSuppression.HeldBack, ContactSuppression.HeldBack), (rolledUp.AnsweredByBackup, rolledUp.AnsweredInLine));
        Assert.Null(rolledUp.InLineAnswerRate);
    }

    [Fact]
    public void A_fact_from_before_lines_is_the_default_line_s_and_one_from_before_backup_counts_as_answered_by_its_own_line()
    {
        var old = new ContactFact(Guid.NewGuid(), At, Channel.Web, "emotional", RiskLevel.R1, "counselling", ContactOutcome.Answered, 5, 600, null, null);
        var facts = Times(5, () => old with { ConversationId = Guid.NewGuid() });

        var national = ContactLineReport.Export([.. facts], Lines.All, Lines).First();

        Assert.Equal((Lines.Default.Id, "5", "5", "0"), (national.Line, national.Contacts, national.AnsweredInLine, national.AnsweredByBackup));
        Assert.Equal("5", national.RolledUp!.Contacts);
    }
}
