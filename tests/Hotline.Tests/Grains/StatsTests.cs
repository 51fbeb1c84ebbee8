using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>The supervisor view's figures, measured on a fake clock.</summary>
public sealed class StatsTests : HotlineTestCluster
{
    private IStatsGrain Stats => Grains.GetGrain<IStatsGrain>(0);

    [Fact]
    public async Task Service_level_speed_to_answer_abandonment_and_handle_time_come_from_what_happened_today()
    {
        var counselorId = await CounselorOnDuty(cap: 1);
        var (fast, _) = await StartChat("answered in 10 s");
        await Advance(TimeSpan.FromSeconds(10));
        await Counselor(counselorId).AcceptOffer((await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == fast)).OfferId);

        var (slow, _) = await StartChat("answered after 110 s");
        var (gone, _) = await StartChat("left");
        await Advance(TimeSpan.FromSeconds(30));
        await Conversation(gone).EndByWorker();
        await Advance(TimeSpan.FromSeconds(70));
        await Conversation(fast).EndByCounselor(counselorId);
        await Advance(TimeSpan.FromSeconds(10));
        await Counselor(counselorId).AcceptOffer((await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == slow)).OfferId);

        var today = (await Eventually(s => s.Today.Answered == 2 && s.Today.Abandoned == 1 && s.Today.AverageHandleSeconds > 0)).Today;
        Assert.Equal(3, today.Arrived);
        Assert.Equal(1.0 / 3, today.ServiceLevel!.Value, 3);   // one of three within 60 s
        Assert.Equal((10 + 110) / 2.0, today.AverageSpeedToAnswerSeconds!.Value, 1);
        Assert.Equal(1.0 / 3, today.AbandonmentRate!.Value, 3);
        Assert.Equal(100, today.AverageHandleSeconds!.Value, 1);
    }

    [Fact]
    public async Task With_no_contact_yet_today_the_ratios_and_averages_are_empty_not_100_percent_or_0()
    {
        var today = (await Stats.GetSnapshot()).Today;

        Assert.Equal((0, 0, 0), (today.Arrived, today.Answered, today.Abandoned));
        Assert.Equal<double?[]>([null, null, null, null], [today.ServiceLevel, today.AverageSpeedToAnswerSeconds, today.AbandonmentRate, today.AverageHandleSeconds]);
    }

    [Fact]
    public async Task The_snapshot_shows_queues_counselors_by_presence_and_active_conversations_with_their_risk()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        await Conversation(conversationId).PostWorkerMessage("我不想活了", ClientIds.New());
        await StartChat("waiting");
        await Advance(TimeSpan.FromSeconds(45));

        var snapshot = await Eventually(s => s.ActiveConversations.Any(a => a.RiskLevel == RiskLevel.R3) && s.Queues.Any(q => q.Waiting == 1));
        var active = snapshot.ActiveConversations.Single();
        Assert.Equal((conversationId, counselorId, "emotional"), (active.ConversationId, active.CounselorId, active.Topic));
        Assert.True(active.DurationSeconds >= 45);
        var queue = snapshot.Queues.Single(q => q.Queue == "emotional.zh");
        Assert.Equal((1, 1), (queue.Waiting, queue.AnsweredToday));
        Assert.True(queue.LongestWaitSeconds >= 45);
        Assert.Equal(1, snapshot.CounselorsByPresence["Busy"]);
        Assert.Equal("Busy", snapshot.Counselors.Single().Presence);
        Assert.NotEmpty(snapshot.History);
        Assert.Equal(2, snapshot.History[^1].Arrived);
    }

    [Fact]
    public async Task Supervisors_get_a_snapshot_every_two_seconds_while_anything_changes()
    {
        await StartChat("hello");
        // The arrival is reported one-way: once the figures show it, the stats grain and its push timer are running.
        await Eventually(s => s.Today.Arrived == 1);
        await Advance(TimeSpan.FromSeconds(2));
        var pushed = await Events.WaitForSupervisors<StatsSnapshot>("StatsUpdated", s => s.Today.Arrived == 1);
        Assert.Equal(1, pushed.Queues.Single(q => q.Queue == "emotional.zh").Waiting);
    }

    [Fact]
    public async Task Supervisors_get_no_snapshot_while_nothing_changes_and_one_as_soon_as_something_does()
    {
        await Stats.GetSnapshot();  // active, so its push timer runs from now
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).EndByWorker();
        // Grains report one-way: once the figures show the arrival, the abandonment and an empty queue, all is in.
        await Eventually(s => s.Today.Arrived == 1 && s.Today.Abandoned == 1 && s.Queues.All(q => q.Waiting == 0));
        await Advance(TimeSpan.FromSeconds(2));
        await Events.WaitForSupervisors<StatsSnapshot>("StatsUpdated", s => s.Today.Abandoned == 1);
        await Stats.GetSnapshot();  // behind any tick the last move fired, so its push is counted too
        await EventsDelivered();
        var pushes = StatsPushes();

        // Quiet: three push periods, each a tick of its own, each awaited through the stats grain that pushes.
        for (var period = 0; period < 3; period++)
            await AdvanceAndAsk(TimeSpan.FromSeconds(2), Stats.GetSnapshot);
        await EventsDelivered();
        Assert.Equal(pushes, StatsPushes());

        await StartChat("hello again");
        await Eventually(s => s.Today.Arrived == 2);
        await Advance(TimeSpan.FromSeconds(2));
        await Events.WaitForSupervisors<StatsSnapshot>("StatsUpdated", s => s.Today.Arrived == 2);
    }

    private int StatsPushes() => Events.ForSupervisors().Count(e => e.Name == "StatsUpdated");

    [Fact]
    public async Task The_staffing_suggestion_uses_the_last_hours_arrivals_and_handle_time()
    {
        await CounselorOnDuty(cap: 2);
        for (var i = 0; i < 12; i++)
            await StartChat($"worker {i}");
        var staffing = (await Eventually(s => s.Staffing.ArrivalsLastHour == 12)).Staffing;
        // 12 an hour at the default 900 s handle time is 3 erlangs; 60 s at 80 % needs 6 seats: 3 counsellors of 2 chats.
        Assert.Equal((900, 2, 3, 1), (staffing.HandleSeconds, staffing.ChatsPerCounselor, staffing.CounselorsNeeded, staffing.OnDuty));
    }

    [Fact]
    public async Task Twenty_arrivals_are_stored_in_one_write_on_the_next_tick_and_a_restart_finds_them_as_stored()
    {
        await Stats.GetSnapshot();  // active, so its timer runs from now
        for (var i = 0; i < 20; i++)
            await StartChat($"worker {i}");
        await Eventually(s => s.Today.Arrived == 20);
        Assert.Equal(0, await StatsWrites());

        await AdvanceAndAsk(TimeSpan.FromSeconds(2), Stats.GetSnapshot);
        Assert.Equal(1, await StatsWrites());

        // Nothing changed since that tick, so shutting down writes nothing: the new silo reads what the tick stored.
        await RestartSilo();
        var restored = await Stats.GetSnapshot();
        Assert.Equal(1, await StatsWrites());
        Assert.Equal((20, 20, 20), (restored.Today.Arrived, restored.Staffing.ArrivalsLastHour, restored.History[^1].Arrived));
    }

    [Fact]
    public async Task Counts_no_tick_has_stored_yet_are_stored_when_the_silo_shuts_down()
    {
        var (conversationId, _) = await StartChat("hello");
        await Conversation(conversationId).EndByWorker();
        await Eventually(s => s.Today.Arrived == 1 && s.Today.Abandoned == 1);
        Assert.Equal(0, await StatsWrites());

        await RestartSilo();
        var restored = (await Stats.GetSnapshot()).Today;
        Assert.Equal((1, 1), (restored.Arrived, restored.Abandoned));
    }

    /// <summary>How many times the figures were written: the stored row's ETag counts its writes (0: never written).</summary>
    private async Task<long> StatsWrites()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag FROM grain_state WHERE state_name = 'stats'";
        return await command.ExecuteScalarAsync() is long etag ? etag : 0;
    }

    /// <summary>Grains report to the figures one-way; ask until the figures show it.</summary>
    private Task<StatsSnapshot> Eventually(Func<StatsSnapshot, bool> shows) =>
        Tests.Eventually.Shows(() => Stats.GetSnapshot(), shows, "The figures");
}
