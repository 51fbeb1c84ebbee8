using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hotline.IntegrationTests;

/// <summary>
/// Lines over the public contract: a worker who comes to a line (StartChat's <c>line</c>) is offered to that line's
/// counsellors only, a worker who names none to the default line's; an unknown line is refused and starts nothing.
/// </summary>
public sealed class LineRoutingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task A_Luoyang_chat_is_offered_to_Luoyang_s_counsellor_and_never_to_the_default_line_s_and_the_other_way_round()
    {
        var admin = new Admin(Server);
        var (luoyangName, password) = await admin.CreateCounselor("洛阳·周老师", lines: ["luoyang"]);
        var (defaultName, _) = await admin.CreateCounselor("全国·吴老师");
        await using var luoyang = await CounselorSession.Connect(Server, await Server.LoginAsync(luoyangName, password));
        await using var national = await CounselorSession.Connect(Server, await Server.LoginAsync(defaultName, password));
        await luoyang.SetPresence("Available");
        await national.SetPresence("Available");

        await using var cityWorker = await WorkerSession.Connect(Server);
        var cityChat = await cityWorker.StartChat("洛阳的职工想聊聊", line: "luoyang");
        await using var defaultWorker = await WorkerSession.Connect(Server);
        var defaultChat = await defaultWorker.StartChat("没有选热线");

        await luoyang.Accept((await luoyang.NextOffer(cityChat.ConversationId)).OfferId);
        await national.Accept((await national.NextOffer(defaultChat.ConversationId)).OfferId);
        // Both are answered, each by their own line; neither counsellor was ever offered the other line's chat.
        Assert.DoesNotContain(luoyang.Events.All<OfferReceived>("OfferReceived"), o => o.ConversationId == defaultChat.ConversationId);
        Assert.DoesNotContain(national.Events.All<OfferReceived>("OfferReceived"), o => o.ConversationId == cityChat.ConversationId);

        var users = await (await admin.Client()).GetFromJsonAsync<JsonArray>("/api/admin/users");
        Assert.Equal(["luoyang"], Lines(users!, luoyangName));
        Assert.Equal(["national"], Lines(users!, defaultName));
    }

    [Fact]
    public async Task An_unknown_line_is_refused_with_its_code_and_starts_no_conversation()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var refused = await HubRefusal.Coded("StartChat at an unknown line", () => worker.StartChat("我在哪条热线", line: "atlantis"));
        Assert.Equal("catalog.unknown-line", refused.Code);
        Assert.Equal("atlantis", refused.Params["line"]);
        // Nothing was started: the same window may start at a real line.
        var started = await worker.StartChat("我在洛阳", line: "luoyang");
        Assert.NotEqual(Guid.Empty, started.ConversationId);
    }

    [Fact]
    public async Task An_account_cannot_be_given_a_line_that_does_not_exist()
    {
        using var http = await new Admin(Server).Client();
        var response = await http.PostAsJsonAsync("/api/admin/users", new
        {
            userName = $"l{Guid.NewGuid():N}"[..20],
            displayName = "无线",
            password = Admin.StrongPassword,
            roles = new[] { "counselor" },
            lines = new[] { "atlantis" },
        });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var refused = await ProblemRefusal.Read(response);
        Assert.Equal("catalog.unknown-line", refused.Code);
        Assert.Equal("atlantis", refused.Params["line"]);
    }

    private static List<string> Lines(JsonArray users, string userName) =>
        users.Single(u => (string?)u!["userName"] == userName)!["lines"]!.AsArray().Select(l => (string)l!).ToList();
}
