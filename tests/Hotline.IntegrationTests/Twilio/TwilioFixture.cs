using System.Xml.Linq;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>
/// A hotline with SMS and voice on, its Twilio REST calls going to <see cref="FakeTwilioApi"/> on loopback, and a way
/// to post webhooks as Twilio does: form-encoded, signed by Twilio's own helper (<see cref="TwilioSigner"/>) over the
/// public address (Hotline:PublicBaseUrl), which is not the loopback address the request really goes to.
/// </summary>
public class TwilioFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string>? _settings;

    public TwilioFixture() : this(null)
    {
    }

    protected TwilioFixture(IReadOnlyDictionary<string, string>? settings) => _settings = settings;

    public const string PublicBaseUrl = "https://hotline.example.org";
    public const string HotlineNumber = "+8610012356";

    public FakeTwilioApi Twilio { get; private set; } = null!;

    public HotlineServer Server { get; private set; } = null!;

    public Admin Admin { get; private set; } = null!;

    private TwilioSigner _signer = null!;

    public async Task InitializeAsync()
    {
        _signer = new TwilioSigner();
        Twilio = await FakeTwilioApi.StartAsync();
        var all = new Dictionary<string, string>
        {
            ["Hotline__PublicBaseUrl"] = PublicBaseUrl,
            ["Hotline__Twilio__AccountSid"] = Twilio.AccountSid,
            ["Hotline__Twilio__AuthToken"] = Twilio.AuthToken,
            ["Hotline__Twilio__ApiBaseUrl"] = Twilio.BaseAddress.ToString(),
            ["Hotline__Twilio__PhoneNumber"] = HotlineNumber,
        };
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
            all[key] = value;
        Server = new HotlineServer(all);
        await Server.StartAsync();
        Admin = new Admin(Server);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Twilio.DisposeAsync();
        _signer.Dispose();
    }

    /// <summary>Posts a webhook signed as Twilio signs it, unless <paramref name="signature"/> says otherwise.</summary>
    public async Task<HttpResponseMessage> Post(string pathAndQuery, IReadOnlyDictionary<string, string> form, string? signature = null) =>
        await Post(pathAndQuery, new FormUrlEncodedContent(form), signature ?? await Sign(pathAndQuery, form));

    /// <summary>Posts <paramref name="content"/> as it is, with <paramref name="signature"/> as its X-Twilio-Signature.</summary>
    public async Task<HttpResponseMessage> Post(string pathAndQuery, HttpContent content, string signature)
    {
        using var http = Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = content };
        request.Headers.Add("X-Twilio-Signature", signature);
        return await http.SendAsync(request);
    }

    /// <summary>Posts a signed webhook that must succeed, and returns its TwiML.</summary>
    public async Task<XElement> PostTwiml(string pathAndQuery, IReadOnlyDictionary<string, string> form)
    {
        using var response = await Post(pathAndQuery, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/xml", response.Content.Headers.ContentType?.MediaType);
        var twiml = XDocument.Parse(body).Root!;
        Assert.Equal("Response", twiml.Name.LocalName);
        // Twilio refuses a <Message> longer than it would take through its REST API (error 21617).
        Assert.All(twiml.Elements("Message"), m => Assert.True(m.Value.Length <= FakeTwilioApi.MaxBodyLength, $"A <Message> of {m.Value.Length} characters"));
        return twiml;
    }

    public Task<string> Sign(string pathAndQuery, IReadOnlyDictionary<string, string> form, string? authToken = null) =>
        _signer.Sign(authToken ?? Twilio.AuthToken, PublicBaseUrl + pathAndQuery, form);

    public Task<XElement> Text(string from, string body, string? messageSid = null) =>
        PostTwiml("/api/twilio/sms", new Dictionary<string, string>
        {
            ["MessageSid"] = messageSid ?? NewSid("SM"),
            ["AccountSid"] = Twilio.AccountSid,
            ["From"] = from,
            ["To"] = HotlineNumber,
            ["Body"] = body,
            ["NumSegments"] = "1",
        });

    /// <summary>A call comes in: Twilio asks the voice webhook what to do, and runs the answer, so the call is in progress.</summary>
    public async Task<XElement> Ring(IReadOnlyDictionary<string, string> call)
    {
        var answer = await PostTwiml("/api/twilio/voice", call);
        Twilio.CallInProgress(call["CallSid"]);
        return answer;
    }

    /// <summary>The call is over, for Twilio first (it will refuse to redirect it), then for the hotline through the status callback.</summary>
    public Task<XElement> HangUp(IReadOnlyDictionary<string, string> call, string status = "completed")
    {
        Twilio.CallEnded(call["CallSid"], status);
        return PostTwiml("/api/twilio/voice/status", new Dictionary<string, string>(call) { ["CallStatus"] = status });
    }

    /// <summary>
    /// Tests in a class share the hotline and its queues: on dispose, every conversation of these numbers is ended
    /// (a STOP text) and every call hung up, so that nothing is left waiting for the next test's counsellor.
    /// </summary>
    public IAsyncDisposable Leaving(string[]? numbers = null, (string CallSid, string From)[]? calls = null) => new Departure(async () =>
    {
        foreach (var number in numbers ?? [])
            await Text(number, "STOP");
        foreach (var (callSid, from) in calls ?? [])
            await HangUp(new Dictionary<string, string> { ["CallSid"] = callSid, ["From"] = from });
    });

    private sealed class Departure(Func<Task> leave) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await leave();
    }

    public static string NewSid(string prefix) => prefix + Guid.NewGuid().ToString("N");

    /// <summary>The form Twilio posts to the voice webhooks for an inbound call from <paramref name="from"/>.</summary>
    public static Dictionary<string, string> Call(string callSid, string from) => new()
    {
        ["CallSid"] = callSid,
        ["AccountSid"] = "AC00000000000000000000000000000000",
        ["From"] = from,
        ["To"] = HotlineNumber,
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
    };

    /// <summary>The page a TwiML verb points at, as a path and query on this hotline.</summary>
    public static string PathOf(string publicUrl)
    {
        Assert.StartsWith(PublicBaseUrl + "/", publicUrl);
        return publicUrl[PublicBaseUrl.Length..];
    }
}
