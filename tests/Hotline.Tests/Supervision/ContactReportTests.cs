using System.Text;
using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

public sealed class ContactReportTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static ContactFact Answered(DateTimeOffset at, string topic = "emotional", Channel channel = Channel.Web, double wait = 10, double handle = 600, int? rating = null, bool? helped = null) =>
        new(Guid.NewGuid(), at, channel, topic, RiskLevel.R1, "counselling", ContactOutcome.Answered, wait, handle, rating, helped);

    private static ContactFact Abandoned(DateTimeOffset at) =>
        new(Guid.NewGuid(), at, Channel.Web, "", RiskLevel.Unassessed, null, ContactOutcome.Abandoned, null, null, null, null);

    private static DateTimeOffset Utc(int month, int day, int hour) => new(2026, month, day, hour, 0, 0, TimeSpan.Zero);

    private static ContactReportQuery Query(string from, string to, string groupBy = "day") => ContactReportQuery.Parse(from, to, groupBy, "json");

    [Fact]
    public void Facts_fall_on_the_hotlines_local_day_and_every_day_of_the_range_gets_a_row()
    {
        // 17:00 UTC on the 1st is 01:00 on the 2nd in China.
        var facts = new[] { Answered(Utc(3, 1, 15)), Answered(Utc(3, 1, 17)), Answered(Utc(3, 1, 18)) };

        var periods = ContactReport.Aggregate(facts, Query("2026-03-01", "2026-03-03"), China);

        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03"], periods.Select(p => p.Period));
        Assert.Equal([1, 2, 0], periods.Select(p => p.Contacts));
        Assert.Equal([3, 0, 0], ContactReport.Aggregate(facts, Query("2026-03-01", "2026-03-03"), TimeSpan.Zero).Select(p => p.Contacts));
    }

    [Fact]
    public void Months_count_only_the_days_asked_for_and_a_fact_of_the_same_conversation_counts_once()
    {
        var early = Answered(Utc(1, 10, 2));
        var facts = new[] { early, early with { Rating = 5 }, Answered(Utc(2, 27, 2)), Answered(Utc(3, 20, 2)) };

        var periods = ContactReport.Aggregate(facts, Query("2026-01-15", "2026-02-28", "month"), China);

        Assert.Equal(["2026-01", "2026-02"], periods.Select(p => p.Period));
        Assert.Equal([0, 1], periods.Select(p => p.Contacts));
    }

    [Fact]
    public void Counts_by_each_dimension_answer_rate_and_averages_come_from_the_facts()
    {
        var day = Utc(5, 6, 2);
        var facts = new List<ContactFact>
        {
            Answered(day, wait: 10, handle: 100, rating: 5, helped: true),
            Answered(day, wait: 20, handle: 200, rating: 4, helped: true),
            Answered(day, wait: 30, handle: 300, rating: 3, helped: false),
            Answered(day, wait: 40, handle: 400, rating: 2, helped: false),
            Answered(day, topic: "work-career", channel: Channel.Sms, wait: 50, handle: 500, rating: 1, helped: true),
            Abandoned(day),
        };

        var period = ContactReport.Aggregate(facts, Query("2026-05-06", "2026-05-06"), China).Single();

        Assert.Equal(6, period.Contacts);
        Assert.Equal((5, 1, 0), (period.By["channel"]["web"], period.By["channel"]["sms"], period.By["channel"]["voice"]));
        Assert.Equal((4, 1, 1), (period.By["topic"]["emotional"], period.By["topic"]["work-career"], period.By["topic"]["none"]));
        Assert.Equal((5, 1), (period.By["risk"]["R1"], period.By["risk"]["Unassessed"]));
        Assert.Equal((5, 1), (period.By["action"]["counselling"], period.By["action"]["none"]));
        Assert.Equal((5, 1), (period.By["outcome"]["answered"], period.By["outcome"]["abandoned"]));
        Assert.Equal(new Average(5.0 / 6, 6), period.AnswerRate);
        Assert.Equal(new Average(30, 5), period.SecondsToAnswer);
        Assert.Equal(new Average(300, 5), period.HandleSeconds);
        Assert.Equal(new Average(3, 5), period.Rating);
        Assert.Equal(new Average(0.6, 5), period.Helped);
    }

    [Fact]
    public void The_export_shows_groups_of_one_to_four_as_suppressed_and_the_averages_of_a_period_of_five_or_more_as_numbers()
    {
        var day = Utc(5, 6, 2);
        var facts = Enumerable.Range(0, 6).Select(i => Answered(day, wait: 10, rating: i < 4 ? 5 : null)).Append(Answered(day, topic: "gig-work", channel: Channel.Voice)).ToList();
        var query = Query("2026-05-06", "2026-05-07");

        var export = ContactReport.Export(ContactReport.Aggregate(facts, query, China), query, 8);

        var (busy, quiet) = (export.Periods[0], export.Periods[1]);
        // Web is held back with the one voice call: 7 − 6 − 0 would give it away.
        Assert.Equal(("7", "*", "<5", "0"), (busy.Contacts, busy.By["channel"]["web"], busy.By["channel"]["voice"], busy.By["channel"]["sms"]));
        Assert.Equal(("<5", "*", "0"), (busy.By["topic"]["gig-work"], busy.By["topic"]["emotional"], busy.By["outcome"]["abandoned"]));
        Assert.Equal(("1.000", "10.0", "600.0"), (busy.AnswerRate, busy.AverageSecondsToAnswer, busy.AverageHandleSeconds));
        // 4 ratings in a period of 7 contacts: a number, not "<5" (which read as "under 5"); nobody said whether it helped.
        Assert.Equal(("5.00", null), (busy.AverageRating, busy.ShareHelped));
        Assert.Equal(("0", null, null), (quiet.Contacts, quiet.AnswerRate, quiet.AverageHandleSeconds));
        Assert.Equal(("2026-05-06", "2026-05-07", "day", 8.0, 5), (export.From, export.To, export.GroupBy, export.UtcOffsetHours, export.SuppressedBelow));
    }

    [Theory]
    [InlineData(4, "<5", null)]
    [InlineData(5, "5", "1.000")]
    public void A_period_of_four_contacts_shows_no_averages_and_one_of_five_shows_them(int contacts, string shown, string? answerRate)
    {
        var facts = Enumerable.Range(0, contacts).Select(_ => Answered(Utc(5, 6, 2), rating: 4, helped: true)).ToList();
        var query = Query("2026-05-06", "2026-05-06");

        var period = ContactReport.Export(ContactReport.Aggregate(facts, query, China), query, 8).Periods.Single();

        Assert.Equal((shown, answerRate), (period.Contacts, period.AnswerRate));
        Assert.Equal(contacts < 5, new[] { period.AverageSecondsToAnswer, period.AverageHandleSeconds, period.AverageRating, period.ShareHelped }.All(a => a is null));
    }

    [Fact]
    public void In_the_csv_a_small_period_has_empty_averages_and_nothing_to_divide_is_a_dash()
    {
        var facts = Enumerable.Range(0, 4).Select(_ => Answered(Utc(5, 6, 2), rating: 4)).ToList();
        var query = Query("2026-05-06", "2026-05-07");

        var lines = ContactReportCsv.Write(ContactReport.Export(ContactReport.Aggregate(facts, query, China), query, 8)).Split("\r\n");

        Assert.Contains("2026-05-06,total,,<5,,,,,", lines);
        Assert.Contains("2026-05-07,total,,0,—,—,—,—,—", lines);
    }

    [Fact]
    public void The_answer_rate_is_held_back_with_a_hidden_outcome_count_in_the_export_and_the_csv()
    {
        // 18 answered, 2 abandoned: the rate 0.900 times 20 contacts would give the "<5" back.
        var day = Utc(5, 6, 2);
        var facts = Enumerable.Range(0, 18).Select(_ => Answered(day)).Concat(Enumerable.Range(0, 2).Select(_ => Abandoned(day))).ToList();
        var query = Query("2026-05-06", "2026-05-06");

        var export = ContactReport.Export(ContactReport.Aggregate(facts, query, China), query, 8);
        var period = export.Periods.Single();

        Assert.Equal(("20", "*", "<5", null), (period.Contacts, period.By["outcome"]["answered"], period.By["outcome"]["abandoned"], period.AnswerRate));
        Assert.Equal("10.0", period.AverageSecondsToAnswer);
        var lines = ContactReportCsv.Write(export).Split("\r\n");
        Assert.Contains("2026-05-06,total,,20,,10.0,600.0,—,—", lines);
        Assert.Contains("2026-05-06,outcome,answered,*,,,,,", lines);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "<5")]
    [InlineData(4, "<5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1234")]
    public void Counts_below_five_are_suppressed_but_zero_stays_zero(int count, string shown) =>
        Assert.Equal(shown, ContactReport.Count(count));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("工作压力", "工作压力")]
    [InlineData("=SUM(A1)", "'=SUM(A1)")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_when_they_must_be(string value, string written) =>
        Assert.Equal(written, ContactReportCsv.Field(value));

    [Fact]
    public void The_csv_has_a_bom_a_header_a_total_row_per_period_and_a_row_per_value()
    {
        var facts = Enumerable.Range(0, 5).Select(_ => Answered(Utc(5, 6, 2), rating: 4, helped: true)).ToList();
        var query = Query("2026-05-06", "2026-05-06");

        var bytes = ContactReportCsv.Bytes(ContactReport.Export(ContactReport.Aggregate(facts, query, China), query, 8));

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        var lines = Encoding.UTF8.GetString(bytes.AsSpan(3)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ContactReportCsv.Header, lines[0]);
        Assert.Equal("2026-05-06,total,,5,1.000,10.0,600.0,4.00,1.000", lines[1]);
        Assert.Contains("2026-05-06,channel,web,5,,,,,", lines);
        Assert.Contains("2026-05-06,channel,sms,0,,,,,", lines);
        Assert.Contains("2026-05-06,risk,R1,5,,,,,", lines);
    }

    [Theory]
    [InlineData(null, "2026-01-31", "day", "json", "'from' is required")]
    [InlineData("2026-1-3", "2026-01-31", "day", "json", "YYYY-MM-DD")]
    [InlineData("2026-02-30", "2026-03-31", "day", "json", "YYYY-MM-DD")]
    [InlineData("2026-02-01", "2026-01-31", "day", "json", "swap them")]
    [InlineData("2025-01-01", "2026-02-05", "day", "json", "at most 400 days")]
    [InlineData("2026-01-01", "2026-01-31", "week", "json", "'day' or 'month'")]
    [InlineData("2026-01-01", "2026-01-31", "day", "xlsx", "'json' or 'csv'")]
    public void A_bad_query_is_refused_with_what_to_send_instead(string? from, string? to, string groupBy, string format, string says) =>
        Assert.Contains(says, Assert.Throws<HotlineException>(() => ContactReportQuery.Parse(from, to, groupBy, format)).Message);

    [Fact]
    public void Four_hundred_days_are_allowed_and_the_logs_read_reach_a_day_beyond_each_end()
    {
        var query = ContactReportQuery.Parse("2025-01-01", "2026-02-04", null, null);
        Assert.Equal((ReportGrouping.Day, ReportFormat.Json), (query.GroupBy, query.Format));
        var days = ContactReport.LogDays(query.From, query.To).ToList();
        Assert.Equal((new DateOnly(2024, 12, 31), new DateOnly(2026, 2, 5), 402), (days[0], days[^1], days.Count));
    }
}
