using System.Net;
using System.Net.Http.Headers;

namespace Hotline.IntegrationTests;

/// <summary>A hotline with a metrics token, as a monitored deployment is set up.</summary>
public sealed class MetricsFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Metrics__Token"] = MetricsFixture.Token,
})
{
    public const string Token = "scrape-token-for-tests-0123456789";

    public HttpClient Scraper()
    {
        var http = Server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }
}

public sealed class MetricsTests(MetricsFixture fixture) : IClassFixture<MetricsFixture>
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

        using var http = fixture.Scraper();
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

    [Fact]
    public async Task Metrics_without_the_token_a_wrong_one_or_a_staff_token_are_refused()
    {
        using var scraper = fixture.Scraper();
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/metrics")).StatusCode);

        using var anonymous = fixture.Server.CreateClient();
        var refused = await anonymous.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        Assert.DoesNotContain("hotline_", await refused.Content.ReadAsStringAsync());

        using var wrong = fixture.Server.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsFixture.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/metrics")).StatusCode);

        // Staff sign-ins are for the pages: even the admin's token is not the scraper's.
        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/metrics")).StatusCode);
    }
}

/// <summary>The embedded profile as it comes: no metrics token configured.</summary>
public sealed class MetricsOffTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task With_no_token_configured_metrics_are_refused_to_everyone()
    {
        using var http = fixture.Server.CreateClient();
        var refused = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Hotline:Metrics:Token", await refused.Content.ReadAsStringAsync());

        using var admin = await fixture.Admin.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/metrics")).StatusCode);
    }
}
