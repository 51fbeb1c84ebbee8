using System.Net.Http.Json;

namespace Hotline.ClusterTests;

/// <summary>
/// Faults on a real 2-silo, 2-web-node cluster. The tests share one cluster and run one after another; each leaves
/// every process running again. Recovery times are written to the test output (and the closing note), not asserted
/// against a stopwatch beyond the generous deadline in <see cref="Chat"/>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultTests(HotlineCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_chat_across_two_web_nodes_goes_on_when_each_silo_in_turn_is_killed_and_restarted()
    {
        await using var worker = await WorkerSession.Connect(cluster.Web(1));
        await using var counselor = await CounselorSession.NewCounselor(cluster.Web(2), cluster.Admin);
        var chat = await Chat.Start(worker, counselor);
        await chat.Exchange("before any fault");

        // The conversation's grain lives on one of the two silos: killing each in turn kills it at least once.
        foreach (var silo in new[] { 1, 2 })
        {
            await cluster.KillSilo(silo);
            var recovery = await chat.GoesOnAfter($"silo {silo} killed");
            output.WriteLine($"silo {silo} SIGKILLed: the chat went on after {recovery.TotalSeconds:F1} s");
            // The bound the hotline promises for a silo crash (measured: under 1.5 s).
            Assert.True(recovery <= TimeSpan.FromSeconds(10), $"The chat took {recovery.TotalSeconds:F1} s to go on after silo {silo} was killed; the promise is 10 s.");
            await cluster.StartSilo(silo);
            await chat.Exchange($"silo {silo} restarted");
        }

        await chat.CheckRecord(cluster.Web(2));
    }

    [Fact]
    public async Task When_a_web_node_dies_its_worker_and_counsellor_resume_on_the_other_with_nothing_lost()
    {
        var worker = await WorkerSession.Connect(cluster.Web(1));
        var (userName, password) = await cluster.Admin.CreateCounselor("林老师");
        var token = await cluster.Web(1).LoginAsync(userName, password);
        var counselor = await CounselorSession.Connect(cluster.Web(1), token);
        var chat = await Chat.Start(worker, counselor);
        await chat.Exchange("on web node 1");

        await cluster.KillWeb(1);
        var moved = System.Diagnostics.Stopwatch.StartNew();
        // What the pages do when their connection drops: connect to the hotline again (here, the other node) and resume.
        await using var workerAgain = await WorkerSession.Connect(cluster.Web(2));
        var resumed = await workerAgain.Resume(chat.ResumeToken);
        await using var counselorAgain = await CounselorSession.Connect(cluster.Web(2), token);
        (chat.Worker, chat.Counselor) = (workerAgain, counselorAgain);
        await chat.Exchange("on web node 2");
        output.WriteLine($"web node 1 SIGKILLed: both sides resumed on web node 2 and exchanged messages {moved.Elapsed.TotalSeconds:F1} s later");
        Assert.Equal("Active", resumed.Status);

        await chat.CheckRecord(cluster.Web(2));
        await cluster.StartWeb(1);
        await chat.CheckRecord(cluster.Web(1));
        await worker.Connection.DisposeAsync();
        await counselor.Connection.DisposeAsync();
    }

    [Fact]
    public async Task A_counsellor_whose_web_node_died_and_who_never_came_back_is_offline_and_their_conversation_goes_to_a_colleague()
    {
        await using var worker = await WorkerSession.Connect(cluster.Web(2));
        var gone = await CounselorSession.NewCounselor(cluster.Web(1), cluster.Admin, "周老师");
        var chat = await Chat.Start(worker, gone);
        await chat.Exchange("before web node 1 dies");
        await using var colleague = await CounselorSession.NewCounselor(cluster.Web(2), cluster.Admin, "吴老师");
        await colleague.SetPresence("Available");

        await cluster.KillWeb(1);
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();

            // Nobody told the grains that 周老师's page closed: their lease lapses, and after the grace the conversation
            // goes back to the queue. 吴老师's page, renewed by web node 2 all along, is still on duty and gets it.
            var offer = await colleague.Events.WaitFor<OfferReceived>("OfferReceived", o => o.ConversationId == chat.ConversationId, timeoutSeconds: 60);
            output.WriteLine($"web node 1 SIGKILLed with a counsellor who never came back: their conversation was offered to a colleague {clock.Elapsed.TotalSeconds:F1} s later (lease {HotlineCluster.LeaseSeconds} s, grace {HotlineCluster.GraceSeconds} s)");
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(HotlineCluster.GraceSeconds), "Offered again before the grace time: the lapsed counsellor was not given time to come back.");
            await colleague.Accept(offer.OfferId);
            chat.Counselor = colleague;
            await chat.Exchange("with a colleague on web node 2");
            await chat.CheckRecord(cluster.Web(2));
        }
        finally
        {
            // Whatever happened above, the next test finds every process running.
            await cluster.StartWeb(1);
        }
        await gone.Connection.DisposeAsync();
    }

    [Fact]
    public async Task When_redis_restarts_the_cluster_recovers_with_no_acknowledged_message_lost()
    {
        await using var worker = await WorkerSession.Connect(cluster.Web(1));
        await using var counselor = await CounselorSession.NewCounselor(cluster.Web(2), cluster.Admin);
        var chat = await Chat.Start(worker, counselor);
        await chat.Exchange("before Redis restarts");

        await cluster.RestartRedis();
        var recovery = await chat.GoesOnAfter("Redis restarted");
        output.WriteLine($"Redis restarted: the chat went on after {recovery.TotalSeconds:F1} s");

        await chat.Exchange("Redis back for a while");
        await chat.CheckRecord(cluster.Web(1));

        // And new conversations are still routed: a new worker on web node 2 reaches a new counsellor on web node 1.
        await using var newWorker = await WorkerSession.Connect(cluster.Web(2));
        await using var newCounselor = await CounselorSession.NewCounselor(cluster.Web(1), cluster.Admin);
        var newChat = await Chat.Start(newWorker, newCounselor);
        await newChat.Exchange("a new conversation after Redis restarted");
    }

    [Fact]
    public async Task Conversations_closed_while_blob_storage_is_down_are_archived_once_it_is_back()
    {
        var (supervisorName, supervisorPassword) = await cluster.Admin.CreateCounselor("督导", role: "supervisor");
        using var supervisor = cluster.Web(2).CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = new("Bearer", await cluster.Web(2).LoginAsync(supervisorName, supervisorPassword));
        await using var worker = await WorkerSession.Connect(cluster.Web(1));
        await using var counselor = await CounselorSession.NewCounselor(cluster.Web(2), cluster.Admin);
        var chat = await Chat.Start(worker, counselor);
        await chat.Exchange("before blob storage goes down");

        await cluster.StopAzurite();
        try
        {
            await counselor.Connection.InvokeAsync("EndConversation", chat.ConversationId.ToString());
            await counselor.Connection.InvokeAsync("SubmitWrapUp", chat.ConversationId.ToString(), new { topic = "emotional", riskLevel = "R1", action = "counselling" });
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await supervisor.GetAsync($"/api/supervisor/archive/{chat.ConversationId}")).StatusCode);
        }
        finally
        {
            await cluster.StartAzurite();
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var record = await ArchivedRecord(supervisor, chat.ConversationId);
        output.WriteLine($"Azurite stopped while a conversation closed: its record was readable from blob storage {clock.Elapsed.TotalSeconds:F1} s after Azurite was back");
        Assert.Equal("R1", record.GetProperty("riskLevel").GetString());
        var archived = record.GetProperty("messages").EnumerateArray().ToDictionary(m => m.GetProperty("seq").GetInt64(), m => m.GetProperty("text").GetString());
        Assert.Equal("我最近压力很大，想找人聊聊", archived[1]);
        Assert.All(chat.Acknowledged, a => Assert.Equal(a.Text, archived[a.Seq]));
    }

    /// <summary>Asks for the archived record until the outbox has written it (the outbox retries on its own backoff); if it never is, says what the last answer was.</summary>
    private static async Task<System.Text.Json.JsonElement> ArchivedRecord(HttpClient supervisor, Guid conversationId)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using var response = await supervisor.GetAsync($"/api/supervisor/archive/{conversationId}");
            if (response.IsSuccessStatusCode)
                return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException($"The archived record was not readable within 60 s; the last answer was {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(250);
        }
    }
}
