using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;

namespace Hotline.IntegrationTests;

/// <summary>
/// The product as the README deploys it: plain HTTP and HTTPS (a certificate from Kestrel's configuration) on
/// loopback, the real nginx in front with the repo's site file, 127.0.0.1 (nginx's address) its only known proxy,
/// and three sign-ins a minute per address.
/// </summary>
public sealed class BehindProxyFixture : IAsyncLifetime
{
    public const string KnownProxy = "127.0.0.1";

    public TestCertificate Certificate { get; private set; } = null!;

    public HotlineServer Server { get; private set; } = null!;

    public Uri HttpsAddress { get; private set; } = null!;

    public NginxServer Nginx { get; private set; } = null!;

    public Admin Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Certificate = await TestCertificate.Create();
        Server = new HotlineServer(new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0;https://127.0.0.1:0",
            ["Kestrel__Certificates__Default__Path"] = Certificate.CertificatePath,
            ["Kestrel__Certificates__Default__KeyPath"] = Certificate.KeyPath,
            ["Hotline__Proxy__KnownProxies__0"] = KnownProxy,
            ["Hotline__RateLimits__LoginPerMinutePerAddress"] = "3",
        });
        await Server.StartAsync();
        var https = await Server.WaitForOutput(line => line.Contains("Now listening on: https://", StringComparison.Ordinal));
        HttpsAddress = new Uri(https[(https.IndexOf("https://", StringComparison.Ordinal))..].Trim());
        Nginx = await NginxServer.Start(Server.BaseAddress.Authority, Certificate);
        Admin = new Admin(Server);
    }

    public async Task DisposeAsync()
    {
        if (Nginx is not null)
            await Nginx.DisposeAsync();
        if (Server is not null)
            await Server.DisposeAsync();
        Certificate?.Dispose();
    }
}

/// <summary>Forwarded headers believed from the known proxy only, per-client limits through nginx, HTTPS, HSTS and the Secure staff cookie.</summary>
public sealed class BehindProxyTests(BehindProxyFixture fixture) : IClassFixture<BehindProxyFixture>
{
    private const string Hsts = "Strict-Transport-Security";

    [Fact]
    public async Task A_worker_and_a_counsellor_chat_through_nginx_over_WebSockets_only()
    {
        var (userName, password) = await fixture.Admin.CreateCounselor("代理老师");
        var token = await fixture.Server.LoginAsync(userName, password);
        await using var counselor = ThroughNginx("/hubs/counselor", token);
        var offers = new EventLog();
        counselor.On<OfferReceived>("OfferReceived", offer => offers.Record("OfferReceived", offer));
        await using var worker = ThroughNginx("/hubs/worker", token: null);
        var messages = new EventLog();
        worker.On<ChatMessage>("MessageReceived", message => messages.Record("MessageReceived", message));

        await counselor.StartAsync();
        await worker.StartAsync();
        try
        {
            await counselor.InvokeAsync("SetPresence", "Available");
            var started = await worker.InvokeAsync<StartChatResult>("StartChat", new { topic = "emotional", language = "zh", firstMessage = "通过代理的第一句", consentVersion = Hotline.Contracts.Conversations.PrivacyNotice.Version });
            var offer = await offers.WaitFor<OfferReceived>("OfferReceived", o => o.ConversationId == started.ConversationId);
            await counselor.InvokeAsync<AcceptResult>("AcceptOffer", offer.OfferId.ToString());
            await counselor.InvokeAsync<SendResult>("SendMessage", started.ConversationId.ToString(), "我在这里，慢慢说。", ClientIds.New());

            var reply = await messages.WaitFor<ChatMessage>("MessageReceived", m => m.Sender == "counselor");
            Assert.Equal("我在这里，慢慢说。", reply.Text);
            await worker.InvokeAsync("EndChat");
        }
        finally
        {
            await counselor.InvokeAsync("SetPresence", "Offline");
        }
    }

    [Fact]
    public async Task Through_nginx_one_client_using_up_its_sign_ins_does_not_limit_another()
    {
        using var first = LoopbackClient.From("127.0.0.2", fixture.Nginx.BaseAddress, fixture.Certificate);
        using var second = LoopbackClient.From("127.0.0.3", fixture.Nginx.BaseAddress, fixture.Certificate);
        first.DefaultRequestHeaders.Host = second.DefaultRequestHeaders.Host = TestCertificate.HostName;

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInUntilRefused(first, "nobody-first"));
        var other = await first.PostAsJsonAsync("/api/auth/login", new { userName = "nobody-second", password = "wrong" });
        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);

        var answered = await second.PostAsJsonAsync("/api/auth/login", new { userName = "nobody-second", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, answered.StatusCode);
        // nginx said the request came over https, and the product believed it.
        Assert.True(answered.Headers.Contains(Hsts), "No HSTS through nginx: the forwarded proto was not believed.");
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_sent_straight_from_an_address_that_is_no_known_proxy_is_ignored()
    {
        using var caller = LoopbackClient.From("127.0.0.4", fixture.Server.BaseAddress);
        var attempt = 0;
        HttpStatusCode last;
        do
        {
            // A new made-up client on every attempt: believed, each would have its own three sign-ins.
            using var request = SignIn($"forger-{attempt}");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{++attempt}");
            last = (await caller.SendAsync(request)).StatusCode;
        }
        while (last != HttpStatusCode.TooManyRequests && attempt < 6);

        Assert.Equal(HttpStatusCode.TooManyRequests, last);
        Assert.Equal(4, attempt);
    }

    [Fact]
    public async Task X_Forwarded_For_from_the_known_proxy_names_the_client_each_limit_counts()
    {
        using var proxy = LoopbackClient.From(BehindProxyFixture.KnownProxy, fixture.Server.BaseAddress);
        HttpStatusCode last;
        var attempt = 0;
        do
        {
            using var request = SignIn($"relayed-{attempt++}");
            request.Headers.Add("X-Forwarded-For", "198.51.100.20");
            last = (await proxy.SendAsync(request)).StatusCode;
        }
        while (last != HttpStatusCode.TooManyRequests && attempt < 6);
        Assert.Equal(HttpStatusCode.TooManyRequests, last);

        using var another = SignIn("relayed-other");
        // What a client wrote before the proxy's own entry is its own claim: the proxy's entry (the last) counts.
        another.Headers.Add("X-Forwarded-For", "198.51.100.20, 198.51.100.21");
        Assert.Equal(HttpStatusCode.Unauthorized, (await proxy.SendAsync(another)).StatusCode);
    }

    [Fact]
    public async Task Over_https_the_configured_certificate_answers_with_HSTS_and_a_Secure_staff_cookie()
    {
        // This client trusts the test certificate and nothing else: any answer proves Kestrel presented it.
        using var http = LoopbackClient.From("127.0.0.6", fixture.HttpsAddress, fixture.Certificate);
        http.DefaultRequestHeaders.Host = TestCertificate.HostName;

        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("max-age=", health.Headers.GetValues(Hsts).Single());

        using var signIn = SignIn(HotlineServer.AdminUserName, HotlineServer.AdminPassword);
        var signedIn = await http.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("secure", StaffCookie(signedIn), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_proto_https_makes_the_request_https_from_the_known_proxy_only()
    {
        using var proxy = LoopbackClient.From(BehindProxyFixture.KnownProxy, fixture.Server.BaseAddress);
        using var stranger = LoopbackClient.From("127.0.0.5", fixture.Server.BaseAddress);

        var relayed = await proxy.SendAsync(ForwardedHttps(new HttpRequestMessage(HttpMethod.Get, "/healthz"), "198.51.100.30"));
        Assert.Equal(HttpStatusCode.OK, relayed.StatusCode);
        Assert.True(relayed.Headers.Contains(Hsts), "The known proxy's X-Forwarded-Proto: https was not believed.");

        var forged = await stranger.SendAsync(ForwardedHttps(new HttpRequestMessage(HttpMethod.Get, "/healthz"), "198.51.100.31"));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.False(forged.Headers.Contains(Hsts), "A stranger's X-Forwarded-Proto was believed.");

        var relayedSignIn = await proxy.SendAsync(ForwardedHttps(SignIn(HotlineServer.AdminUserName, HotlineServer.AdminPassword), "198.51.100.30"));
        Assert.Contains("secure", StaffCookie(relayedSignIn), StringComparison.OrdinalIgnoreCase);
        // Outside Development the cookie is Secure even on a plain-http request, which a browser then never sends back over http.
        var plainSignIn = await stranger.SendAsync(SignIn(HotlineServer.AdminUserName, HotlineServer.AdminPassword));
        Assert.Contains("secure", StaffCookie(plainSignIn), StringComparison.OrdinalIgnoreCase);
    }

    private HubConnection ThroughNginx(string path, string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(fixture.Nginx.BaseAddress, path), options =>
        {
            options.SkipNegotiation = true;
            options.Transports = HttpTransportType.WebSockets;
            options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = fixture.Certificate.Validation;
            if (token is not null)
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    private static async Task<HttpStatusCode> SignInUntilRefused(HttpClient http, string userName)
    {
        HttpStatusCode last;
        var attempt = 0;
        do
        {
            using var request = SignIn(userName);
            last = (await http.SendAsync(request)).StatusCode;
        }
        while (last != HttpStatusCode.TooManyRequests && ++attempt < 6);
        return last;
    }

    private static HttpRequestMessage SignIn(string userName, string password = "wrong") =>
        new(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName, password }) };

    private static HttpRequestMessage ForwardedHttps(HttpRequestMessage request, string client)
    {
        request.Headers.Host = TestCertificate.HostName;
        request.Headers.Add("X-Forwarded-For", client);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return request;
    }

    private static string StaffCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(cookie => cookie.StartsWith("hotline.staff=", StringComparison.Ordinal));
}
