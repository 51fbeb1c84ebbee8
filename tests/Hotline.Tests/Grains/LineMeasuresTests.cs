using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>
/// Each line's measures today (988's) on the seeded network and a fake clock, which starts at 16:00 in the hotline's
/// time zone: answered by the line itself or by backup, abandoned, speed to answer, hours below minimum seats.
/// </summary>
public sealed class LineMeasuresTests : HotlineTestCluster
{
    private IStatsGrain Stats => Grains.GetGrain<IStatsGrain>(0);

    [Fact]
    public async Task A_chat_answered_by_the_province_counts_as_answered_by_backup_for_the_city_and_is_marked_so_everywhere()
    {
        // Nobody at Luoyang: its first chat goes to Henan at once, and Henan's counsellor answers it 15 s on.
        var henan = await OnDutyAt("henan");
        var byBackup = await StartAt("luoyang", "洛阳没人吗");
        var offer = await Events.WaitForCounselor<OfferReceived>(henan, "OfferReceived", o => o.ConversationId == byBackup);
        await Advance(TimeSpan.FromSeconds(15));
        await Counselor(henan).AcceptOffer(offer.OfferId);
        // Then Luoyang's own counsellor answers one in 5 s, and a third worker leaves before anyone answers.
        var luoyang = await OnDutyAt("luoyang");
        var inLine = await StartAt("luoyang", "你好");
        var own = await Events.WaitForCounselor<OfferReceived>(luoyang, "OfferReceived", o => o.ConversationId == inLine);
        await Advance(TimeSpan.FromSeconds(5));
        await Counselor(luoyang).AcceptOffer(own.OfferId);
        await Conversation(await StartAt("luoyang", "算了")).EndByWorker();

        var snapshot = await Eventually(s => Measures(s, "luoyang") is { Answered: 2, Abandoned: 1 } && s.ActiveConversations.Count == 2);
        var city = Measures(snapshot, "luoyang");
        Assert.Equal((1, 1), (city.AnsweredInLine, city.AnsweredByBackup));
        Assert.Equal(0.5, city.InLineAnswerRate);
        Assert.Equal(10, city.AverageSpeedToAnswerSeconds!.Value, 1);
        // Henan answered for Luoyang: none of Henan's own contacts came or were answered.
        Assert.Equal((0, null), (Measures(snapshot, "henan").Answered, Measures(snapshot, "henan").InLineAnswerRate));
        var live = snapshot.ActiveConversations.Single(a => a.ConversationId == byBackup);
        Assert.Equal(("luoyang", "henan"), (live.Line, live.AnsweredByLine));
        Assert.Equal("luoyang", snapshot.ActiveConversations.Single(a => a.ConversationId == inLine).AnsweredByLine);

        // The contact log keeps who answered, so that reports count it too.
        await Conversation(byBackup).EndByCounselor(henan);
        await Conversation(byBackup).SubmitWrapUp(henan, new WrapUp("emotional", RiskLevel.R1, "counselling", ""));
        var facts = await Tests.Eventually.Shows(() => Grains.GetGrain<IContactLogGrain>(IContactLogGrain.KeyFor(Clock.GetUtcNow())).Facts(),
            f => f.Any(fact => fact.ConversationId == byBackup), "the contact fact");
        Assert.Equal(("luoyang", "henan"), (facts.Single(f => f.ConversationId == byBackup).Line, facts.Single(f => f.ConversationId == byBackup).AnsweredByLine));
    }

    [Fact]
    public async Task An_hour_counts_below_minimum_seats_when_the_open_line_had_fewer_counselors_on_duty_than_its_minimum_at_any_tick()
    {
        await Stats.GetSnapshot();  // active, so its timer runs from now
        var first = await OnDutyAt("luoyang");
        await OnDutyAt("luoyang");
        // The first lease after activation counts nothing: counsellors are still reporting their presence again.
        await AdvanceAndAsk(TimeSpan.FromSeconds(2), Stats.GetSnapshot);
        Assert.Equal(0, Measures(await Stats.GetSnapshot(), "national").HoursBelowMinimumSeats);

        // 16:00: Luoyang has its 2 seats; the national line, open around the clock, has nobody.
        await Advance(TimeSpan.FromSeconds(46));
        var snapshot = await Eventually(s => Measures(s, "national").HoursBelowMinimumSeats == 1);
        Assert.Equal(0, Measures(snapshot, "luoyang").HoursBelowMinimumSeats);

        // One of Luoyang's two steps away for a moment: this hour is short.
        await Counselor(first).SetPresence(Presence.Away);
        await Advance(TimeSpan.FromSeconds(2));
        await Eventually(s => Measures(s, "luoyang").HoursBelowMinimumSeats == 1);
        await Counselor(first).SetPresence(Presence.Available);

        // 17:00 with both on duty: not short. 23:00, Luoyang closed (08:00–22:00): not short though one is away.
        await AdvanceAndAsk(TimeSpan.FromHours(1), Stats.GetSnapshot);
        await AdvanceAndAsk(TimeSpan.FromHours(6), Stats.GetSnapshot);
        await Counselor(first).SetPresence(Presence.Away);
        await AdvanceAndAsk(TimeSpan.FromSeconds(2), Stats.GetSnapshot);
        snapshot = await Stats.GetSnapshot();
        Assert.Equal(23, snapshot.At.ToOffset(TimeSpan.FromHours(8)).Hour);
        Assert.Equal(1, Measures(snapshot, "luoyang").HoursBelowMinimumSeats);
        // The national line had nobody all along: 16:00 and 23:00 at least (the ticks within the jump may have marked more).
        Assert.InRange(Measures(snapshot, "national").HoursBelowMinimumSeats, 2, 8);
    }

    [Fact]
    public async Task The_hours_below_minimum_seats_are_stored_and_start_afresh_the_next_day()
    {
        await Stats.GetSnapshot();
        await Advance(TimeSpan.FromSeconds(46));
        await Eventually(s => Measures(s, "national").HoursBelowMinimumSeats == 1);
        await AdvanceAndAsk(TimeSpan.FromSeconds(2), Stats.GetSnapshot);

        await RestartSilo();
        Assert.Equal(1, Measures(await Stats.GetSnapshot(), "national").HoursBelowMinimumSeats);

        // 16:00 + 8 h is 00:00 the next day: yesterday's hours are gone, and today's are counted afresh once known.
        await AdvanceAndAsk(TimeSpan.FromHours(8), Stats.GetSnapshot);
        await Advance(TimeSpan.FromSeconds(46));
        var today = await Eventually(s => Measures(s, "national").HoursBelowMinimumSeats == 1 && s.At.ToOffset(TimeSpan.FromHours(8)).Day == 25);
        Assert.Equal(0, Measures(today, "luoyang").HoursBelowMinimumSeats);
    }

    private static LineDayFigures Measures(StatsSnapshot snapshot, string line) => snapshot.Lines!.Single(l => l.Line == line);

    private Task<StatsSnapshot> Eventually(Func<StatsSnapshot, bool> shows) =>
        Tests.Eventually.Shows(() => Stats.GetSnapshot(), shows, "The figures");
}
