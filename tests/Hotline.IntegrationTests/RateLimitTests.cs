using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hotline.IntegrationTests;

public sealed class RateLimitFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__MessagesPerMinutePerConnection"] = "5",
});

/// <summary>Only the per-address message limit is low: the per-connection one stays at its default of 30.</summary>
public sealed class AddressLimitFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__MessagesPerMinutePerAddress"] = "4",
});

public sealed class LoginLimitFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__LoginPerMinutePerAddress"] = "3",
});

public sealed class StartLimitFixture() : ServerFixture(new Dictionary<string, string>
{
    ["Hotline__RateLimits__StartChatPerMinutePerAddress"] = "3",
});

/// <summary>Floods past the limits get a clear refusal, and nothing they tried is stored.</summary>
public sealed class RateLimitTests(RateLimitFixture fixture) : IClassFixture<RateLimitFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_flood_of_messages_is_refused_plainly_and_only_the_accepted_ones_are_stored()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat(null);
        for (var i = 1; i <= 5; i++)
            Assert.Equal(i, (await worker.Send($"message {i}")).Seq);

        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => worker.Send("message 6"));
        Assert.Contains("faster than we can take them", refused.Message);

        await using var reader = await WorkerSession.Connect(Server);
        Assert.Equal(5, (await reader.Resume(started.ResumeToken)).Messages.Count);
    }

    [Fact]
    public async Task A_counselor_in_several_chats_is_not_held_to_the_workers_limit()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var counselor = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await counselor.SetPresence("Available");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        for (var i = 1; i <= 8; i++)
            Assert.Equal(i + 1, (await counselor.Send(started.ConversationId, $"reply {i}")).Seq);
    }
}

public sealed class AddressRateLimitTests(AddressLimitFixture fixture) : IClassFixture<AddressLimitFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Messages_from_one_address_are_limited_together_across_its_windows()
    {
        await using var first = await WorkerSession.Connect(Server);
        var firstChat = await first.StartChat(null);
        await using var second = await WorkerSession.Connect(Server);
        var secondChat = await second.StartChat(null);
        for (var i = 1; i <= 2; i++)
        {
            Assert.Equal(i, (await first.Send($"first {i}")).Seq);
            Assert.Equal(i, (await second.Send($"second {i}")).Seq);
        }

        // Each window has sent only two of its own 30, but the address has used its 4.
        Assert.Contains("faster than we can take them", await HubRefusal.Of("fifth message from the address", () => second.Send("second 3")));
        Assert.Contains("faster than we can take them", await HubRefusal.Of("sixth message from the address", () => first.Send("first 3")));

        await using var reader = await WorkerSession.Connect(Server);
        Assert.Equal(["first 1", "first 2"], (await reader.Resume(firstChat.ResumeToken)).Messages.Select(m => m.Text));
        await using var otherReader = await WorkerSession.Connect(Server);
        Assert.Equal(["second 1", "second 2"], (await otherReader.Resume(secondChat.ResumeToken)).Messages.Select(m => m.Text));
    }
}

public sealed class StartChatRateLimitTests(StartLimitFixture fixture) : IClassFixture<StartLimitFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Too_many_chats_started_from_one_address_are_refused_with_the_alternatives()
    {
        var sessions = new List<WorkerSession>();
        try
        {
            Microsoft.AspNetCore.SignalR.HubException? refused = null;
            for (var i = 0; i < 5 && refused is null; i++)
            {
                var session = await WorkerSession.Connect(Server);
                sessions.Add(session);
                try { await session.StartChat($"hello {i}"); }
                catch (Microsoft.AspNetCore.SignalR.HubException e) { refused = e; }
            }
            Assert.NotNull(refused);
            Assert.Contains("12356", refused.Message);
        }
        finally
        {
            foreach (var session in sessions)
                await session.DisposeAsync();
        }
    }
}

public sealed class LoginRateLimitTests(LoginLimitFixture fixture) : IClassFixture<LoginLimitFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Too_many_sign_in_attempts_from_one_address_get_429_with_problem_details()
    {
        using var http = Server.CreateClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
            last = await http.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "wrong" });
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Wait a minute", (await last.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
