using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hotline.IntegrationTests;

/// <summary>One signed-in account per role, shared by every row of the table.</summary>
public sealed class RoleTableFixture : ServerFixture
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _tokens = new();

    public Task<string?> TokenFor(string role) => _tokens.GetOrAdd(role, r => new Lazy<Task<string?>>(() => SignIn(r))).Value;

    /// <summary>A sign-in of a new account of <paramref name="role"/>, for a row whose call ends the session it uses.</summary>
    public async Task<string?> NewSessionFor(string role)
    {
        if (role == "anonymous")
            return null;
        var (userName, password) = await Admin.CreateCounselor($"{role} 角色", role: role);
        return await Server.LoginAsync(userName, password);
    }

    private async Task<string?> SignIn(string role)
    {
        if (role == "anonymous")
            return null;
        if (role == "admin")
            return await Server.LoginAsync(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        var (userName, password) = await Admin.CreateCounselor($"{role} 角色", role: role);
        return await Server.LoginAsync(userName, password);
    }
}

/// <summary>
/// Every line of docs/SECURITY.md's role table, for every role: the allowed roles get a real answer (a success, or a
/// refusal in words for a harmless bad argument), every other role 401 without a token and 403 with one.
/// </summary>
public sealed partial class RoleTableTests(RoleTableFixture fixture) : IClassFixture<RoleTableFixture>
{
    private static readonly string[] Anyone = ["anonymous", "counselor", "supervisor", "admin"];
    private static readonly string[] Staff = ["counselor", "supervisor"];
    private static readonly string[] Supervisor = ["supervisor"];
    private static readonly string[] Planners = ["supervisor", "admin"];
    private static readonly string[] AdminOnly = ["admin"];
    private static readonly string[] SignedIn = ["counselor", "supervisor", "admin"];
    private static readonly string Unknown = Guid.NewGuid().ToString();

    /// <summary>A hub method, who may call it, and a call that changes nothing (an unknown id, a status read).</summary>
    private sealed record HubCall(string Surface, string Call, string[] Allowed, Func<HubConnection, Task> Invoke);

    /// <summary>
    /// An endpoint as the table names it, who may call it, a request that changes nothing, and its answer for an allowed
    /// role; <paramref name="EndsSession"/> for a call that ends the session it is made with (it gets one of its own).
    /// </summary>
    private sealed record RestCall(string Surface, string Call, string[] Allowed, string Path, object? Body, HttpStatusCode Answer, bool EndsSession = false);

    private static readonly HubCall[] HubCalls =
    [
        new("/hubs/worker", "StartChat", Anyone, c => c.InvokeAsync<JsonElement>("StartChat", new { topic = "astrology", language = "zh", firstMessage = "hi" })),
        new("/hubs/worker", "ResumeChat", Anyone, c => c.InvokeAsync<JsonElement>("ResumeChat", "nonsense")),
        new("/hubs/worker", "SendMessage", Anyone, c => c.InvokeAsync<JsonElement>("SendMessage", "hi", Unknown)),
        new("/hubs/worker", "GetMessagesAfter", Anyone, c => c.InvokeAsync<JsonElement>("GetMessagesAfter", 0)),
        new("/hubs/worker", "Typing", Anyone, c => c.InvokeAsync("Typing")),
        new("/hubs/worker", "EndChat", Anyone, c => c.InvokeAsync("EndChat")),
        new("/hubs/worker", "LeaveInHurry", Anyone, c => c.InvokeAsync<JsonElement>("LeaveInHurry")),
        new("/hubs/worker", "SubmitSurvey", Anyone, c => c.InvokeAsync("SubmitSurvey", new { rating = 5 })),
        new("/hubs/counselor", "SetPresence", Staff, c => c.InvokeAsync("SetPresence", "Offline")),
        new("/hubs/counselor", "AcceptOffer", Staff, c => c.InvokeAsync<JsonElement>("AcceptOffer", Unknown)),
        new("/hubs/counselor", "DeclineOffer", Staff, c => c.InvokeAsync("DeclineOffer", Unknown)),
        new("/hubs/counselor", "GetMyConversations", Staff, c => c.InvokeAsync<JsonElement>("GetMyConversations")),
        new("/hubs/counselor", "GetMyFollowUps", Staff, c => c.InvokeAsync<JsonElement>("GetMyFollowUps")),
        new("/hubs/counselor", "CompleteFollowUp", Staff, c => c.InvokeAsync("CompleteFollowUp", Unknown)),
        new("/hubs/counselor", "SendMessage", Staff, c => c.InvokeAsync<JsonElement>("SendMessage", Unknown, "hi", Unknown)),
        new("/hubs/counselor", "GetMessagesAfter", Staff, c => c.InvokeAsync<JsonElement>("GetMessagesAfter", Unknown, 0)),
        new("/hubs/counselor", "Typing", Staff, c => c.InvokeAsync("Typing", Unknown)),
        new("/hubs/counselor", "SendReferral", Staff, c => c.InvokeAsync<JsonElement>("SendReferral", Unknown, "12356")),
        new("/hubs/counselor", "EndConversation", Staff, c => c.InvokeAsync("EndConversation", Unknown)),
        new("/hubs/counselor", "TransferConversation", Staff, c => c.InvokeAsync("TransferConversation", Unknown, new { queue = "family.zh" })),
        new("/hubs/counselor", "SubmitWrapUp", Staff, c => c.InvokeAsync("SubmitWrapUp", Unknown, new { topic = "emotional", riskLevel = "R0", action = "counselling" })),
        new("/hubs/counselor", "BlockWorker", Staff, c => c.InvokeAsync<JsonElement>("BlockWorker", Unknown, new { reason = "x" })),
        new("/hubs/counselor", "GetEarlierConversations", Staff, c => c.InvokeAsync<JsonElement>("GetEarlierConversations", Unknown)),
        new("/hubs/supervisor", "GetStats", Supervisor, c => c.InvokeAsync<JsonElement>("GetStats")),
        new("/hubs/supervisor", "GetOpenAlerts", Supervisor, c => c.InvokeAsync<JsonElement>("GetOpenAlerts")),
        new("/hubs/supervisor", "AcknowledgeAlert", Supervisor, c => c.InvokeAsync<JsonElement>("AcknowledgeAlert", Unknown)),
        new("/hubs/supervisor", "GetFollowUps", Supervisor, c => c.InvokeAsync<JsonElement>("GetFollowUps")),
        new("/hubs/supervisor", "GetBlocks", Supervisor, c => c.InvokeAsync<JsonElement>("GetBlocks")),
        new("/hubs/supervisor", "LiftBlock", Supervisor, c => c.InvokeAsync("LiftBlock", Unknown)),
        new("/hubs/supervisor", "GetAuditLog", Supervisor, c => c.InvokeAsync<JsonElement>("GetAuditLog", 10)),
        new("/hubs/supervisor", "StopMonitoring", Supervisor, c => c.InvokeAsync("StopMonitoring")),
        new("/hubs/supervisor", "MonitorConversation", Supervisor, c => c.InvokeAsync<JsonElement>("MonitorConversation", Unknown)),
        new("/hubs/supervisor", "Whisper", Supervisor, c => c.InvokeAsync("Whisper", Unknown, "x")),
        new("/hubs/supervisor", "JoinConversation", Supervisor, c => c.InvokeAsync<JsonElement>("JoinConversation", Unknown)),
        new("/hubs/supervisor", "SendMessage", Supervisor, c => c.InvokeAsync<JsonElement>("SendMessage", Unknown, "hi", Unknown)),
        new("/hubs/supervisor", "GetMessagesAfter", Supervisor, c => c.InvokeAsync<JsonElement>("GetMessagesAfter", Unknown, 0)),
        new("/hubs/supervisor", "Reassign", Supervisor, c => c.InvokeAsync("Reassign", Unknown, "nobody-at-all")),
        new("/hubs/supervisor", "BlockWorker", Supervisor, c => c.InvokeAsync<JsonElement>("BlockWorker", Unknown, new { reason = "x", hours = 1 })),
        new("/hubs/supervisor", "ReadArchivedTranscript", Supervisor, c => c.InvokeAsync<JsonElement>("ReadArchivedTranscript", Unknown)),
    ];

    private static readonly RestCall[] Endpoints =
    [
        new("REST", "POST /api/auth/login", Anyone, "/api/auth/login", new { userName = HotlineServer.AdminUserName, password = HotlineServer.AdminPassword }, HttpStatusCode.OK),
        new("REST", "POST /api/auth/logout", SignedIn, "/api/auth/logout", null, HttpStatusCode.NoContent, EndsSession: true),
        // A challenge no password gave: every caller gets the refusal in words, and nothing else.
        new("REST", "POST /api/auth/second-factor/enrol", Anyone, "/api/auth/second-factor/enrol", new { challenge = "not-a-challenge" }, HttpStatusCode.Unauthorized),
        new("REST", "POST /api/auth/second-factor/confirm", Anyone, "/api/auth/second-factor/confirm", new { challenge = "not-a-challenge", code = "123456" }, HttpStatusCode.Unauthorized),
        new("REST", "POST /api/auth/second-factor", Anyone, "/api/auth/second-factor", new { challenge = "not-a-challenge", code = "123456" }, HttpStatusCode.Unauthorized),
        new("REST", "GET /api/admin/users", AdminOnly, "/api/admin/users", null, HttpStatusCode.OK),
        new("REST", "GET /api/admin/lines", AdminOnly, "/api/admin/lines", null, HttpStatusCode.OK),
        // A line without its English name: the admin gets the validation answer, and the network stays as it is.
        new("REST", "PUT /api/admin/lines/{id}", AdminOnly, "/api/admin/lines/kaifeng", new { zh = "开封", region = "410200", parent = "henan" }, HttpStatusCode.BadRequest),
        new("REST", "POST /api/admin/users/{userName}/second-factor/reset", AdminOnly, "/api/admin/users/nobody-here/second-factor/reset", null, HttpStatusCode.NotFound),
        // The bodies ask for admin rights: refused roles must not get them, the admin gets the validation answer.
        new("REST", "POST /api/admin/users", AdminOnly, "/api/admin/users", new { roles = new[] { "admin" } }, HttpStatusCode.BadRequest),
        new("REST", "PUT /api/admin/users/{userName}", AdminOnly, "/api/admin/users/nobody-here", new { roles = new[] { "admin" } }, HttpStatusCode.NotFound),
        new("REST", "PUT /api/admin/users/{userName}/profile", AdminOnly, "/api/admin/users/nobody-here/profile", new { maxConcurrentChats = 10 }, HttpStatusCode.NotFound),
        new("REST", "POST /api/admin/users/{userName}/disable", AdminOnly, "/api/admin/users/nobody-here/disable", null, HttpStatusCode.NotFound),
        new("REST", "POST /api/admin/users/{userName}/enable", AdminOnly, "/api/admin/users/nobody-here/enable", null, HttpStatusCode.NotFound),
        new("REST", "GET /api/supervisor/stats", Supervisor, "/api/supervisor/stats", null, HttpStatusCode.OK),
        new("REST", "GET /api/supervisor/audit", Supervisor, "/api/supervisor/audit", null, HttpStatusCode.OK),
        new("REST", "GET /api/supervisor/archive/{conversationId}", Supervisor, $"/api/supervisor/archive/{Unknown}", null, HttpStatusCode.NotFound),
        new("REST", "GET /api/network", Planners, "/api/network", null, HttpStatusCode.OK),
        new("REST", "GET /api/reports/contacts", Planners, "/api/reports/contacts?from=2026-01-01&to=2026-01-31", null, HttpStatusCode.OK),
        new("REST", "GET /api/canned-replies", Staff, "/api/canned-replies", null, HttpStatusCode.OK),
        new("REST", "PUT /api/canned-replies/{id}", Supervisor, "/api/canned-replies/greeting", new { titleZh = "" }, HttpStatusCode.BadRequest),
        new("REST", "DELETE /api/canned-replies/{id}", Supervisor, "/api/canned-replies/Not_An_Id", null, HttpStatusCode.BadRequest),
        new("REST", "GET /api/rota/lines", Planners, "/api/rota/lines", null, HttpStatusCode.OK),
        new("REST", "GET /api/rota/shifts", Planners, "/api/rota/shifts", null, HttpStatusCode.OK),
        new("REST", "POST /api/rota/shifts", Planners, "/api/rota/shifts", new { counselorId = "nobody-here", weekday = "Monday", start = "08:00", end = "10:00" }, HttpStatusCode.BadRequest),
        new("REST", "DELETE /api/rota/shifts/{shiftId}", Planners, $"/api/rota/shifts/{Unknown}", null, HttpStatusCode.NotFound),
        new("REST", "GET /api/rota/week", Planners, "/api/rota/week?start=2026-07-06", null, HttpStatusCode.OK),
        new("REST", "GET /api/rota/now", Planners, "/api/rota/now", null, HttpStatusCode.OK),
        new("REST", "GET /api/rota/mine", Staff, "/api/rota/mine", null, HttpStatusCode.OK),
        new("web", "GET /dashboard/", AdminOnly, "/dashboard/", null, HttpStatusCode.OK),
        new("REST", "GET /api/lines", Anyone, "/api/lines", null, HttpStatusCode.OK),
        new("REST", "GET /api/topics", Anyone, "/api/topics", null, HttpStatusCode.OK),
        new("REST", "GET /api/topics/worker", Anyone, "/api/topics/worker", null, HttpStatusCode.OK),
        new("REST", "GET /api/alternatives", Anyone, "/api/alternatives?language=en", null, HttpStatusCode.OK),
        new("REST", "GET /api/chat-limits", Anyone, "/api/chat-limits", null, HttpStatusCode.OK),
        new("REST", "GET /api/privacy", Anyone, "/api/privacy", null, HttpStatusCode.OK),
        new("REST", "GET /privacy", Anyone, "/privacy", null, HttpStatusCode.OK),
        new("REST", "GET /api/actions", Anyone, "/api/actions", null, HttpStatusCode.OK),
        new("REST", "GET /api/queues", Anyone, "/api/queues", null, HttpStatusCode.OK),
        new("REST", "GET /api/emergency", Anyone, "/api/emergency", null, HttpStatusCode.OK),
        new("REST", "GET /api/referrals", Anyone, "/api/referrals", null, HttpStatusCode.OK),
        new("REST", "GET /api/lines/{line}/referrals", Anyone, "/api/lines/luoyang/referrals", null, HttpStatusCode.OK),
        new("REST", "GET /healthz", Anyone, "/healthz", null, HttpStatusCode.OK),
        new("REST", "GET /readyz", Anyone, "/readyz", null, HttpStatusCode.OK),
    ];

    private HotlineServer Server => fixture.Server;

    public static TheoryData<string, string, string> HubRows => Rows(HubCalls.Select(c => (c.Surface, c.Call)));

    public static TheoryData<string, string, string> EndpointRows => Rows(Endpoints.Select(e => (e.Surface, e.Call)));

    [Theory]
    [MemberData(nameof(HubRows))]
    public async Task A_hub_method_answers_its_roles_and_refuses_every_other(string surface, string call, string role)
    {
        var row = HubCalls.Single(c => c.Surface == surface && c.Call == call);
        var token = await fixture.TokenFor(role);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, surface), o => o.AccessTokenProvider = () => Task.FromResult(token))
            .Build();
        if (!row.Allowed.Contains(role))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(Refusal(role), refused.StatusCode);
            return;
        }
        await connection.StartAsync();
        try
        {
            await row.Invoke(connection);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException e)
        {
            // A refusal in words proves the method ran for this role; a crash or a binding failure fails here.
            HubRefusal.Sentence($"{surface} {call} as {role}", e);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointRows))]
    public async Task An_endpoint_answers_its_roles_and_refuses_every_other(string surface, string call, string role)
    {
        var row = Endpoints.Single(e => e.Surface == surface && e.Call == call);
        using var http = Server.CreateClient();
        if (await (row.EndsSession ? fixture.NewSessionFor(role) : fixture.TokenFor(role)) is { } token)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var request = new HttpRequestMessage(new HttpMethod(call.Split(' ')[0]), row.Path);
        if (row.Body is not null)
            request.Content = JsonContent.Create(row.Body);
        var response = await http.SendAsync(request);
        Assert.Equal(row.Allowed.Contains(role) ? row.Answer : Refusal(role), response.StatusCode);
    }

    [Fact]
    public void The_rows_are_exactly_the_table_in_SECURITY_md()
    {
        var lines = File.ReadAllLines(Path.Combine(HotlineServer.RepositoryRoot(), "docs", "SECURITY.md"))
            .SkipWhile(line => !line.StartsWith("| surface |", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(line => line.StartsWith('|'));
        var documented = lines.SelectMany(line =>
        {
            var cells = line.Split('|').Select(cell => cell.Trim()).ToArray();
            var roles = cells[3] == "anyone" ? Anyone : cells[3].Split(", ");
            return Backticked().Matches(cells[2]).Select(call => Line(cells[1].Trim('`'), call.Groups[1].Value, roles));
        });
        var tested = HubCalls.Select(c => Line(c.Surface, c.Call, c.Allowed)).Concat(Endpoints.Select(e => Line(e.Surface, e.Call, e.Allowed)));

        Assert.Equal(documented.Order(), tested.Order());
    }

    [Fact]
    public void Every_public_hub_method_has_a_row()
    {
        foreach (var (surface, hub) in new[] { ("/hubs/worker", typeof(Web.Hubs.WorkerHub)), ("/hubs/counselor", typeof(Web.Hubs.CounselorHub)), ("/hubs/supervisor", typeof(Web.Hubs.SupervisorHub)) })
        {
            var methods = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"))
                .Select(m => m.Name);
            Assert.Equal(methods.Order(), HubCalls.Where(c => c.Surface == surface).Select(c => c.Call).Order());
        }
    }

    /// <summary>Read from the sources, so that an endpoint added without a row fails here. Twilio's webhooks are signed, not role-gated.</summary>
    [Fact]
    public void Every_endpoint_mapped_in_src_Web_Endpoints_has_a_row()
    {
        var mapped = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(HotlineServer.RepositoryRoot(), "src", "Web", "Endpoints"), "*.cs"))
        {
            var prefixes = new Dictionary<string, string> { ["app"] = "" };
            foreach (Match map in MapCall().Matches(File.ReadAllText(file)))
            {
                var path = prefixes[map.Groups["on"].Value] + map.Groups["path"].Value;
                if (map.Groups["verb"].Value == "Group")
                    prefixes[map.Groups["group"].Value] = path;
                else
                    mapped.Add($"{(map.Groups["verb"].Value is "HealthChecks" ? "GET" : map.Groups["verb"].Value.ToUpperInvariant())} {RouteOf(path)}");
            }
        }

        Assert.Contains("GET /api/rota/now", mapped);
        Assert.Empty(mapped.Where(call => !call.Contains("/api/twilio/", StringComparison.Ordinal)).Except(Endpoints.Select(e => e.Call)));
    }

    private static HttpStatusCode Refusal(string role) => role == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;

    private static TheoryData<string, string, string> Rows(IEnumerable<(string Surface, string Call)> calls)
    {
        var rows = new TheoryData<string, string, string>();
        foreach (var (surface, call) in calls)
        {
            foreach (var role in Anyone)
                rows.Add(surface, call, role);
        }
        return rows;
    }

    private static string Line(string surface, string call, IEnumerable<string> roles) => $"{surface} {call}: {string.Join(", ", roles.Order())}";

    /// <summary>"/api/rota/" + "/shifts/{shiftId:guid}" → "/api/rota/shifts/{shiftId}".</summary>
    private static string RouteOf(string path)
    {
        var route = RouteConstraint().Replace(Regex.Replace(path, "/+", "/"), "}");
        return route.Length > 1 ? route.TrimEnd('/') : route;
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"(?:var (?<group>\w+) = )?(?<on>\w+)\.Map(?<verb>Group|Get|Post|Put|Delete|HealthChecks)\(""(?<path>[^""]*)""")]
    private static partial Regex MapCall();

    [GeneratedRegex(":[^}]+}")]
    private static partial Regex RouteConstraint();
}
