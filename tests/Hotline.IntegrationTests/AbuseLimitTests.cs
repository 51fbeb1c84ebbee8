using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Hotline.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>Queues of 4, at most 3 of them from one address, 5 worker connections per address, and one partner origin.</summary>
public sealed class FloodFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__Routing__MaxWaiting"] = "4",
    ["Hotline__RateLimits__WaitingChatsPerAddress"] = "3",
    ["Hotline__RateLimits__WorkerConnectionsPerAddress"] = "5",
    ["Hotline__AllowedOrigins__0"] = "https://partner.example",
});

/// <summary>Each test talks from loopback addresses of its own (LoopbackAddress), so that their counts never meet.</summary>
public sealed class FloodTests(FloodFixture fixture) : WorkersByAddress(fixture.Server), IClassFixture<FloodFixture>
{
    [Fact]
    public async Task A_flood_from_one_address_cannot_fill_a_queue_for_a_worker_from_another()
    {
        for (var i = 1; i <= 3; i++)
            Assert.Equal(i, (await (await Worker(2)).StartChat($"flood {i}")).Position);

        var refused = await HubRefusal.Coded("a fourth waiting chat from the flooding address", async () => await (await Worker(2)).StartChat("flood 4"));
        Assert.Equal(RefusalCodes.ChatTooManyWaiting, refused.Code);
        Assert.Contains("12356", refused.Sentence);

        // The queue holds 4: without the cap the flood would have taken the last place.
        var worker = await Worker(3);
        var started = await worker.StartChat("我需要帮助");
        Assert.Equal(4, started.Position);
        await using var reader = await WorkerSession.Connect(Server, LoopbackAddress.Of(3));
        Assert.Equal("Queued", (await reader.Resume(started.ResumeToken)).Status);
    }

    [Fact]
    public async Task Once_one_of_its_chats_stops_waiting_the_address_may_start_another()
    {
        var first = await Worker(4);
        await first.StartChat(null, topic: null);
        await (await Worker(4)).StartChat(null, topic: null);
        await (await Worker(4)).StartChat(null, topic: null);
        Assert.Equal(RefusalCodes.ChatTooManyWaiting, (await HubRefusal.Coded("a fourth", async () => await (await Worker(4)).StartChat(null, topic: null))).Code);

        await first.Connection.InvokeAsync("EndChat");
        var again = await Sessions[^1].StartChat("now there is room", topic: null);
        Assert.NotEqual(Guid.Empty, again.ConversationId);
    }

    [Fact]
    public async Task An_address_with_its_cap_of_worker_connections_gets_no_more_and_is_told_why()
    {
        for (var i = 0; i < 5; i++)
            await Worker(5);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var sixth = new HubConnectionBuilder().WithUrl(new Uri(Server.BaseAddress, "/hubs/worker"), o => o.From(LoopbackAddress.Of(5))).Build();
        sixth.Closed += error => { closed.TrySetResult(error); return Task.CompletedTask; };
        await sixth.StartAsync();

        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(error);
        Assert.Contains($"HubException: {RefusalCodes.TooManyConnections}|", error.Message);
        Assert.Contains("Close the hotline's other windows", error.Message);
        // Another address is not held back by this one's connections.
        Assert.Equal(HubConnectionState.Connected, (await Worker(6)).Connection.State);
    }

    [Theory]
    [InlineData("/hubs/worker")]
    [InlineData("/hubs/counselor")]
    [InlineData("/hubs/supervisor")]
    public async Task A_page_of_a_foreign_origin_cannot_negotiate_a_hub(string hub)
    {
        using var http = Server.CreateClient();
        var response = await Negotiate(http, hub, "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(RefusalCodes.OriginRefused, problem.GetProperty("code").GetString());
        Assert.Contains("12356", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_hotlines_own_origin_a_listed_one_and_a_client_without_origin_negotiate()
    {
        using var http = Server.CreateClient();
        var own = Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(http, "/hubs/worker", own)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(http, "/hubs/worker", "https://partner.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Negotiate(http, "/hubs/worker", null)).StatusCode);
        // Same host, other scheme: another origin.
        Assert.Equal(HttpStatusCode.Forbidden, (await Negotiate(http, "/hubs/worker", own.Replace("http://", "https://"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Negotiate(http, "/hubs/worker", "null")).StatusCode);
    }

    [Fact]
    public async Task A_foreign_origins_WebSocket_upgrade_is_refused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        var url = new UriBuilder(new Uri(Server.BaseAddress, "/hubs/worker")) { Scheme = "ws" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    private static Task<HttpResponseMessage> Negotiate(HttpClient http, string hub, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1");
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        return http.SendAsync(request);
    }

}

/// <summary>A challenge above one start a minute per address (8 zero bits, to be quick), 4 starts at most; 3 calls a minute of each worker method and 5 of each staff method per connection.</summary>
public sealed class ChallengeFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__ChallengeAbovePerMinutePerAddress"] = "1",
    ["Hotline__RateLimits__ChallengeDifficultyBits"] = "8",
    ["Hotline__RateLimits__StartChatPerMinutePerAddress"] = "4",
    ["Hotline__RateLimits__WorkerCallsPerMinutePerConnection"] = "3",
    ["Hotline__RateLimits__StaffCallsPerMinutePerConnection"] = "5",
});

public sealed class ChallengeTests(ChallengeFixture fixture) : WorkersByAddress(fixture.Server), IClassFixture<ChallengeFixture>
{
    private static object Proof(string challenge)
    {
        var (solved, answer) = ChallengeSolver.Solve(challenge, 8);
        return new { challenge = solved, answer };
    }

    /// <summary>The challenge a start is refused with, checked and solved.</summary>
    private static async Task<object> Challenge(WorkerSession session, string what)
    {
        var refused = await HubRefusal.Coded(what, () => session.StartChat("hello"));
        Assert.Equal(RefusalCodes.ChatChallenge, refused.Code);
        Assert.Contains("12356", refused.Sentence);
        Assert.Equal("8", refused.Params["difficulty"]);
        return Proof(refused.Params["challenge"]);
    }

    [Fact]
    public async Task Above_the_soft_limit_a_start_is_refused_with_a_challenge_and_a_solved_one_starts_the_chat_once()
    {
        Assert.Equal(1, (await (await Worker(20)).StartChat("first")).Position);

        var second = await Worker(20);
        var proof = await Challenge(second, "a second start in the minute");
        Assert.NotEqual(Guid.Empty, (await second.StartChat("hello", proof: proof)).ConversationId);

        // Spent: the same proof again earns only a new challenge, and so does an answer that does not solve it.
        var third = await Worker(20);
        var spent = await HubRefusal.Coded("the same proof again", () => third.StartChat("hello", proof: proof));
        Assert.Equal(RefusalCodes.ChatChallenge, spent.Code);
        var challenge = spent.Params["challenge"];
        var wrong = new { challenge, answer = ChallengeSolver.Wrong(challenge, 8) };
        Assert.Equal(RefusalCodes.ChatChallenge, (await HubRefusal.Coded("an answer that does not solve it", () => third.StartChat("hello", proof: wrong))).Code);
        Assert.NotEqual(Guid.Empty, (await third.StartChat("hello", proof: Proof(challenge))).ConversationId);
    }

    [Fact]
    public async Task At_the_hard_limit_a_solved_challenge_does_not_start_a_chat()
    {
        await (await Worker(21)).StartChat("one");
        await (await Worker(21)).StartChat("two", proof: await Challenge(Sessions[^1], "the second start"));
        await (await Worker(21)).StartChat("three", proof: await Challenge(Sessions[^1], "the third start"));
        var fourth = await Worker(21);
        var fourthProof = await Challenge(fourth, "the fourth start");
        var fifth = await Worker(21);
        var fifthProof = await Challenge(fifth, "the fifth start, asked for before the fourth began");
        await fourth.StartChat("four", proof: fourthProof);

        var refused = await HubRefusal.Coded("a fifth start in the minute", () => fifth.StartChat("five", proof: fifthProof));
        Assert.Equal(RefusalCodes.TooManyChats, refused.Code);
        Assert.Contains("12356", refused.Sentence);
    }

    [Fact]
    public async Task A_challenge_solved_for_one_address_is_no_proof_from_another()
    {
        await (await Worker(23)).StartChat("one");
        await (await Worker(24)).StartChat("one");
        var mine = await Worker(23);
        var proof = await Challenge(mine, "the first address's second start");

        var other = await Worker(24);
        Assert.Equal(RefusalCodes.ChatChallenge, (await HubRefusal.Coded("its proof from the other address", () => other.StartChat("hello", proof: proof))).Code);
        Assert.NotEqual(Guid.Empty, (await mine.StartChat("hello", proof: proof)).ConversationId);
    }

    [Fact]
    public async Task Each_worker_method_is_limited_per_connection_and_a_refused_call_is_told_what_to_do()
    {
        var worker = await Worker(25);
        await worker.StartChat("hello");
        for (var i = 0; i < 3; i++)
            await worker.Connection.InvokeAsync("Typing");
        var refused = await HubRefusal.Coded("a fourth Typing in the minute", () => worker.Connection.InvokeAsync("Typing"));
        Assert.Equal(RefusalCodes.TooManyCalls, refused.Code);
        Assert.Contains("12356", refused.Sentence);

        // Counted apart: the window can still read and send.
        Assert.Single((await worker.MessagesAfter(0)).Messages);
        Assert.Equal(2, (await worker.Send("still here")).Seq);
        for (var i = 0; i < 2; i++)
            await worker.MessagesAfter(0);
        Assert.Equal(RefusalCodes.TooManyCalls, (await HubRefusal.Coded("a fourth GetMessagesAfter", () => worker.MessagesAfter(0))).Code);
    }

    [Fact]
    public async Task Each_staff_method_is_limited_per_connection_and_a_refused_call_changes_nothing()
    {
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        for (var i = 0; i < 5; i++)
            await counselor.SetPresence(i % 2 == 0 ? "Available" : "Away");
        Assert.Equal(RefusalCodes.TooManyCalls, (await HubRefusal.Coded("a sixth SetPresence", () => counselor.SetPresence("Away"))).Code);

        // Still Available (the fifth call's), so an offer reaches this desk; other methods are counted apart.
        var worker = await Worker(26);
        var started = await worker.StartChat("hello");
        var offer = await counselor.NextOffer(started.ConversationId);
        await counselor.Accept(offer.OfferId);
        Assert.Equal(2, (await counselor.Send(started.ConversationId, "I am here")).Seq);
    }

}

/// <summary>Workers who connect from loopback addresses of their own (LoopbackAddress), closed at the end of each test.</summary>
public abstract class WorkersByAddress(HotlineServer server) : IAsyncLifetime
{
    protected HotlineServer Server => server;

    protected List<WorkerSession> Sessions { get; } = [];

    protected async Task<WorkerSession> Worker(int address)
    {
        var session = await WorkerSession.Connect(server, LoopbackAddress.Of(address));
        Sessions.Add(session);
        return session;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var session in Sessions)
            await session.DisposeAsync();
    }
}
