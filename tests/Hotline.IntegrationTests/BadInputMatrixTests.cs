using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Hotline.Contracts;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace Hotline.IntegrationTests;

/// <summary>
/// Bad input on every hub surface, all against one live conversation: each call is refused with its own plain
/// message (a crash or a binding failure does not count), and afterwards the conversation is exactly as it was.
/// </summary>
public sealed class BadInputMatrixTests(ServerFixture fixture, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private HotlineServer Server => fixture.Server;

    [Fact]
    public async Task Every_bad_hub_call_is_refused_plainly_and_changes_nothing()
    {
        await using var worker = await WorkerSession.Connect(Server);
        var started = await worker.StartChat("hello");
        await using var holder = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await holder.SetPresence("Available");
        await holder.Accept((await holder.NextOffer(started.ConversationId)).OfferId);
        await using var other = await CounselorSession.NewCounselor(Server, fixture.Admin);
        await using var supervisor = await SupervisorSession.NewSupervisor(Server, fixture.Admin);
        await using var stranger = await WorkerSession.Connect(Server);
        var id = started.ConversationId.ToString();
        var before = await Snapshot(started.ResumeToken);
        const string injection = "<script>alert(1)</script>";
        const string needsId = "Each message needs its own id from the page (1–64 letters, digits, '-' or '_'). Reload the page and send it again.";

        var cases = new (string Case, string Code, string Expected, Func<Task> Call)[]
        {
            ("worker: send before starting", RefusalCodes.ChatNotStarted, "Start a chat", () => stranger.Send("hi")),
            ("worker: end before starting", RefusalCodes.ChatNotStarted, "Start a chat", () => stranger.Connection.InvokeAsync("EndChat")),
            ("worker: survey before starting", RefusalCodes.ChatNotStarted, "Start a chat", () => stranger.Connection.InvokeAsync("SubmitSurvey", new { rating = 5 })),
            ("worker: resume with a malformed token", RefusalCodes.ResumeInvalid, "resume code is not valid", () => stranger.Resume("'; DROP TABLE grain_state; --")),
            ("worker: resume with an unknown token", RefusalCodes.ResumeUnknown, "resume code is not known", () => stranger.Resume(new string('x', 43))),
            ("worker: start with an unknown topic", RefusalCodes.TopicUnknown, "is not a known topic", () => stranger.StartChat("hi", topic: injection)),
            ("worker: start with an unknown language", RefusalCodes.LanguageUnknown, "'xx' is not a supported language", () => stranger.StartChat("hi", language: "xx")),
            ("worker: start with an oversized first message", RefusalCodes.MessageTooLong, "the limit is 4000", () => stranger.StartChat(new string('长', 4001))),
            ("worker: empty message", RefusalCodes.MessageEmpty, "The message is empty", () => worker.Send("")),
            ("worker: whitespace message", RefusalCodes.MessageEmpty, "The message is empty", () => worker.Send(" \t\n")),
            ("worker: oversized message", RefusalCodes.MessageTooLong, "the limit is 4000", () => worker.Send(new string('x', 4001))),
            ("worker: second chat on one connection", RefusalCodes.ChatWindowTaken, "already has a conversation", () => worker.StartChat("again")),
            ("worker: survey while active", RefusalCodes.SurveyNotYet, "once the conversation has ended", () => worker.Connection.InvokeAsync("SubmitSurvey", new { rating = 5 })),
            ("worker: message without an id", RefusalCodes.MessageBadClientId, needsId, () => worker.Send("hi", clientMessageId: null)),
            ("worker: message with an empty id", RefusalCodes.MessageBadClientId, needsId, () => worker.Send("hi", "")),
            ("worker: message with a 65-character id", RefusalCodes.MessageBadClientId, needsId, () => worker.Send("hi", new string('a', 65))),
            ("worker: message with an id of other characters", RefusalCodes.MessageBadClientId, needsId, () => worker.Send("hi", injection)),
            ("worker: messages before starting", RefusalCodes.ChatNotStarted, "Start a chat", () => stranger.MessagesAfter(0)),
            ("worker: messages after a negative seq", RefusalCodes.ConversationBadAfterSeq, "afterSeq must be 0 or more.", () => worker.MessagesAfter(-1)),
            ("counsellor: malformed conversation id", RefusalCodes.BadId, "conversationId must be the id the hotline gave you", () => holder.Connection.InvokeAsync<SendResult>("SendMessage", "not-a-guid", "hi", ClientIds.New())),
            ("counsellor: message without an id", RefusalCodes.MessageBadClientId, needsId, () => holder.Send(started.ConversationId, "hi", clientMessageId: null)),
            ("counsellor: message with an id with a space", RefusalCodes.MessageBadClientId, needsId, () => holder.Send(started.ConversationId, "hi", "a b")),
            ("counsellor: messages of someone else's conversation", RefusalCodes.ConversationNotYours, "This conversation is not yours", () => other.MessagesAfter(started.ConversationId, 0)),
            ("counsellor: messages of a malformed id", RefusalCodes.BadId, "conversationId must be the id the hotline gave you", () => holder.Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", "x", 0)),
            ("counsellor: messages of an unknown conversation", RefusalCodes.ConversationUnknown, "There is no conversation with this id", () => holder.MessagesAfter(Guid.NewGuid(), 0)),
            ("counsellor: messages after a negative seq", RefusalCodes.ConversationBadAfterSeq, "afterSeq must be 0 or more.", () => holder.MessagesAfter(started.ConversationId, -1)),
            ("counsellor: unknown conversation", RefusalCodes.ConversationUnknown, "There is no conversation with this id", () => holder.Send(Guid.NewGuid(), "hi")),
            ("counsellor: someone else's conversation", RefusalCodes.ConversationNotYours, "This conversation is not yours", () => other.Send(started.ConversationId, "hi")),
            ("counsellor: end someone else's conversation", RefusalCodes.ConversationNotYours, "This conversation is not yours", () => other.Connection.InvokeAsync("EndConversation", id)),
            ("counsellor: transfer someone else's conversation", RefusalCodes.ConversationNotYours, "This conversation is not yours", () => other.Connection.InvokeAsync("TransferConversation", id, new { queue = "family.zh" })),
            ("counsellor: block someone else's worker", RefusalCodes.BlockNotYours, "or a supervisor, can block its worker", () => other.Connection.InvokeAsync<JsonElement>("BlockWorker", id, new { reason = "x" })),
            ("counsellor: empty message", RefusalCodes.MessageEmpty, "The message is empty", () => holder.Send(started.ConversationId, "")),
            ("counsellor: oversized message", RefusalCodes.MessageTooLong, "the limit is 4000", () => holder.Send(started.ConversationId, new string('x', 4001))),
            ("counsellor: transfer to an unknown queue", RefusalCodes.TransferQueueUnknown, "is not a queue", () => holder.Connection.InvokeAsync("TransferConversation", id, new { queue = injection })),
            ("counsellor: transfer to nobody", RefusalCodes.TransferEitherOr, "Name either a queue or a counsellor", () => holder.Connection.InvokeAsync("TransferConversation", id, new { })),
            ("counsellor: transfer to an unknown colleague", RefusalCodes.CounselorUnknown, "There is no counsellor 'nobody-at-all'", () => holder.Connection.InvokeAsync("TransferConversation", id, new { counselorId = "nobody-at-all" })),
            ("counsellor: wrap-up while active", RefusalCodes.WrapUpBeforeEnd, "End the conversation before writing its wrap-up", () => holder.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R0", action = "counselling" })),
            ("counsellor: unknown presence", RefusalCodes.BadChoice, "presence must be one of", () => holder.SetPresence(injection)),
            ("counsellor: malformed offer id", RefusalCodes.BadId, "offerId must be the id the hotline gave you", () => holder.Connection.InvokeAsync("AcceptOffer", "x")),
            ("counsellor: unknown offer", RefusalCodes.OfferGone, "This offer is no longer open", () => holder.Accept(Guid.NewGuid())),
            ("counsellor: earlier conversations of someone else's worker", RefusalCodes.ConversationNotYours, "This conversation is not yours", () => other.Connection.InvokeAsync<JsonElement>("GetEarlierConversations", id)),
            ("counsellor: earlier conversations of a malformed id", RefusalCodes.BadId, "conversationId must be the id the hotline gave you", () => holder.Connection.InvokeAsync<JsonElement>("GetEarlierConversations", "../etc")),
            ("counsellor: unknown follow-up", RefusalCodes.FollowUpUnknown, "There is no follow-up task with this id", () => holder.Connection.InvokeAsync("CompleteFollowUp", Guid.NewGuid().ToString())),
            ("supervisor: monitor a malformed id", RefusalCodes.BadId, "conversationId must be the id the hotline gave you", () => supervisor.Connection.InvokeAsync<JsonElement>("MonitorConversation", "1 OR 1=1")),
            ("supervisor: whisper empty", RefusalCodes.MessageEmpty, "The message is empty", () => supervisor.Connection.InvokeAsync("Whisper", id, "")),
            ("supervisor: write without joining", RefusalCodes.SupervisorNotJoined, "Join the conversation before writing in it", () => supervisor.Connection.InvokeAsync<SendResult>("SendMessage", id, "hi", ClientIds.New())),
            ("supervisor: messages of a conversation not monitored", RefusalCodes.MonitorFirst, "Monitor this conversation first.", () => supervisor.Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", id, 0)),
            ("supervisor: reassign to nobody", RefusalCodes.ReassignMissingCounselor, "counselorId must name the counsellor", () => supervisor.Connection.InvokeAsync("Reassign", id, "")),
            ("supervisor: reassign to an unknown counsellor", RefusalCodes.CounselorUnknown, "There is no counsellor 'nobody-at-all'", () => supervisor.Connection.InvokeAsync("Reassign", id, "nobody-at-all")),
            ("supervisor: acknowledge an unknown alert", RefusalCodes.AlertUnknown, "There is no open alert with this id", () => supervisor.Connection.InvokeAsync<JsonElement>("AcknowledgeAlert", Guid.NewGuid().ToString())),
            ("supervisor: block for a length not offered", RefusalCodes.BlockLengthInvalid, "1 hour, 24 hours, 7 days or 30 days", () => supervisor.Connection.InvokeAsync<JsonElement>("BlockWorker", id, new { reason = "x", hours = 2 })),
            ("counsellor: block for a length not offered", RefusalCodes.BlockLengthInvalid, "1 hour, 24 hours, 7 days or 30 days", () => holder.Connection.InvokeAsync<JsonElement>("BlockWorker", id, new { hours = -1 })),
            ("supervisor: lift an unknown block", RefusalCodes.BlockUnknown, "There is no block with this id", () => supervisor.Connection.InvokeAsync("LiftBlock", Guid.NewGuid().ToString())),
            ("supervisor: read an archive that does not exist", RefusalCodes.ArchiveNotFound, "There is no archived record of this conversation", () => supervisor.Connection.InvokeAsync<JsonElement>("ReadArchivedTranscript", id)),
        };

        foreach (var (name, code, expected, call) in cases)
        {
            var refused = await HubRefusal.Coded(name, call);
            Assert.True(refused.Sentence.Contains(expected, StringComparison.Ordinal), $"{name}: expected '{expected}', got '{refused.Sentence}'");
            Assert.True(refused.Code == code, $"{name}: expected the code {code}, got {refused.Code}");
            output.WriteLine($"{name} → {refused.Code} {refused.Sentence}");
        }
        output.WriteLine($"{cases.Length} bad hub calls refused");

        Assert.Equal(before, await Snapshot(started.ResumeToken));
    }

    [Fact]
    public async Task Expired_forged_and_malformed_credentials_and_bodies_are_refused()
    {
        var key = Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(Server.DataDirectory + "-keys", "token-signing.key")));
        var expired = Token(new SymmetricSecurityKey(key), DateTime.UtcNow.AddHours(-2), DateTime.UtcNow.AddHours(-1));
        var forged = Token(new SymmetricSecurityKey(new byte[64]), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1));
        // A well-made token needs the account's security stamp, read here from a real one.
        var stamp = new JsonWebToken(await Server.LoginAsync(HotlineServer.AdminUserName, HotlineServer.AdminPassword)).GetClaim("stamp").Value;
        var valid = Token(new SymmetricSecurityKey(key), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddHours(1), stamp);

        using var http = Server.CreateClient();
        foreach (var (token, expected) in new[] { (expired, HttpStatusCode.Unauthorized), (forged, HttpStatusCode.Unauthorized), ("not.a.token", HttpStatusCode.Unauthorized), (valid, HttpStatusCode.OK) })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/users");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(expected, (await http.SendAsync(request)).StatusCode);
        }

        foreach (var body in new[] { "{", "[]", "{\"userName\": 5}", "null" })
        {
            var login = await http.PostAsync("/api/auth/login", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(login.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{body}: {login.StatusCode}");
            Assert.Equal("application/problem+json", login.Content.Headers.ContentType?.MediaType);
        }
        var admin = await fixture.Admin.Client();
        var create = await admin.PostAsync("/api/admin/users", new StringContent("{\"userName\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
    }

    private static string Token(SecurityKey key, DateTime notBefore, DateTime expires, string stamp = "") => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "hotline",
        Audience = "hotline",
        Subject = new ClaimsIdentity([new Claim("sub", HotlineServer.AdminUserName), new Claim("role", "admin"), new Claim("stamp", stamp)]),
        NotBefore = notBefore,
        IssuedAt = notBefore,
        Expires = expires,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
    });

    /// <summary>The conversation as a resuming tab sees it (a bare connection: a WorkerSession would end the chat when disposed).</summary>
    private async Task<string> Snapshot(string resumeToken)
    {
        await using var reader = new HubConnectionBuilder().WithUrl(new Uri(Server.BaseAddress, "/hubs/worker")).Build();
        await reader.StartAsync();
        var view = await reader.InvokeAsync<ResumeChatResult>("ResumeChat", resumeToken);
        return $"{view.Status}|{string.Join("|", view.Messages.Select(m => $"{m.Seq}:{m.Sender}:{m.Text}"))}";
    }
}
