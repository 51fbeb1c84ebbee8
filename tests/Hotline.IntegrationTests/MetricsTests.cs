namespace Hotline.IntegrationTests;

public sealed class MetricsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Metrics_show_waiting_answered_messages_and_offer_latency_in_prometheus_format_without_content()
    {
        await using var waiting = await WorkerSession.Connect(fixture.Server);
        await waiting.StartChat("metrics secret text");
        await using var worker = await WorkerSession.Connect(fixture.Server);
        var started = await worker.StartChat("another secret", topic: "family");
        await using var counselor = await CounselorSession.NewCounselor(fixture.Server, fixture.Admin);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
        await counselor.Accept(offer.OfferId);

        using var http = fixture.Server.CreateClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // The exporter serves a cached scrape for a moment; ask until this conversation's answer is counted.
        var text = await http.GetStringAsync("/metrics", deadline.Token);
        while (!text.Contains("hotline_conversations_answered_total"))
        {
            await Task.Delay(100, deadline.Token);
            text = await http.GetStringAsync("/metrics", deadline.Token);
        }

        Assert.Contains("hotline_queue_waiting{", text);
        Assert.Contains("hotline_conversations_answered_total{", text);
        Assert.Contains("hotline_messages_total{", text);
        Assert.Contains("hotline_offer_latency_seconds_bucket", text);
        Assert.Contains("orleans_", text);
        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain(started.ConversationId.ToString(), text);
    }
}
