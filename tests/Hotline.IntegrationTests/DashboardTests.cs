using System.Net;

namespace Hotline.IntegrationTests;

/// <summary>The Orleans dashboard, for admins: cluster health, but no grain's inside and no live log.</summary>
public sealed class DashboardTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string ConversationGrain = "Hotline.Silo.Grains.ConversationGrain";

    [Theory]
    [InlineData("/dashboard/GrainState")]
    [InlineData("/dashboard/grainstate/")]
    public async Task The_grain_state_view_does_not_answer_with_a_conversation_even_for_an_admin(string view)
    {
        await using var worker = await WorkerSession.Connect(fixture.Server);
        var started = await worker.StartChat("dashboard secret words");
        using var admin = await fixture.Admin.Client();
        // The dashboard itself answers the admin: the refusal below is the grain-state view's own.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/ClusterStats")).StatusCode);

        var state = await admin.GetAsync($"{view}?grainId={started.ConversationId}&grainType={ConversationGrain}");

        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
        var body = await state.Content.ReadAsStringAsync();
        Assert.DoesNotContain("dashboard secret", body);
        Assert.Contains("cluster health only", body);
    }

    [Fact]
    public async Task The_live_log_stream_is_turned_off()
    {
        using var admin = await fixture.Admin.Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // Headers only: a working trace stream would never end.
        using var trace = await admin.GetAsync("/dashboard/Trace", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.Forbidden, trace.StatusCode);
    }
}
