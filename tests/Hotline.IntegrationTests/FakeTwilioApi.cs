using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hotline.IntegrationTests;

/// <summary>One request the fake received, with the status it answered.</summary>
/// <param name="Kind">"message", "call", or "unknown" for a path Twilio would not have.</param>
public sealed record TwilioRequest(string Kind, string Path, IReadOnlyDictionary<string, string> Form, int Status, DateTimeOffset At);

/// <summary>
/// The part of Twilio's REST API the hotline calls (sending an SMS, redirecting a live call), served over real
/// HTTP on a loopback port, recording every request and able to fail on demand.
/// </summary>
public sealed partial class FakeTwilioApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<TwilioRequest> _requests = [];
    // Completed and replaced on every request, so any number of waiters wake to look again.
    private TaskCompletionSource _arrived = NewSignal();
    private int _failuresLeft;
    private int _failureStatus;

    private FakeTwilioApi(string accountSid, string authToken)
    {
        AccountSid = accountSid;
        AuthToken = authToken;
        // The empty builder reads no appsettings or environment and logs nothing: the test output stays the tests'.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(Answer);
    }

    public string AccountSid { get; }

    public string AuthToken { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<TwilioRequest> Requests
    {
        get
        {
            lock (_gate)
                return _requests.ToList();
        }
    }

    /// <summary>Messages Twilio accepted, in the order they came.</summary>
    public IReadOnlyList<TwilioRequest> Messages => Requests.Where(r => r is { Kind: "message", Status: 201 }).ToList();

    /// <summary>Call redirects Twilio accepted, in the order they came.</summary>
    public IReadOnlyList<TwilioRequest> CallUpdates => Requests.Where(r => r is { Kind: "call", Status: 200 }).ToList();

    public static async Task<FakeTwilioApi> StartAsync(string? accountSid = null, string? authToken = null)
    {
        var fake = new FakeTwilioApi(accountSid ?? "AC" + Guid.NewGuid().ToString("N"), authToken ?? Guid.NewGuid().ToString("N"));
        await fake._app.StartAsync();
        fake.BaseAddress = new Uri(fake._app.Urls.Single());
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests, whatever they are, answer <paramref name="status"/> as an outage would.</summary>
    public void FailNext(int count, int status = 500)
    {
        lock (_gate)
        {
            _failuresLeft = count;
            _failureStatus = status;
        }
    }

    /// <summary>The first request, already received or still to come, that matches.</summary>
    public async Task<TwilioRequest> WaitFor(Func<TwilioRequest, bool> match, int timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            List<TwilioRequest> received;
            Task arrived;
            lock (_gate)
            {
                received = _requests.ToList();
                arrived = _arrived.Task;
            }
            if (received.FirstOrDefault(match) is { } found)
                return found;
            try
            {
                await arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching Twilio request within {timeoutSeconds} s; received: " +
                    string.Join(", ", received.Select(r => $"{r.Kind} {r.Status}")));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task Answer(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var route = Route().Match(path);
        var kind = !route.Success ? "unknown" : route.Groups["callSid"].Success ? "call" : "message";
        var form = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString())
            : new Dictionary<string, string>();

        var (status, body) = Reply(context.Request, route, form);
        Record(new TwilioRequest(kind, path, form, status, DateTimeOffset.UtcNow));

        if (status == 401)
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private (int Status, JsonObject Body) Reply(HttpRequest request, Match route, Dictionary<string, string> form)
    {
        if (TakeFailure() is { } failure)
            return (failure, Error(failure, "An injected failure of the fake Twilio API"));
        if (!IsAuthenticated(request))
            return (401, Error(401, "Authenticate", code: 20003));
        if (!route.Success || route.Groups["accountSid"].Value != AccountSid)
            return (404, Error(404, $"The requested resource {request.Path} was not found"));
        if (request.Method != HttpMethods.Post)
            return (405, Error(405, "Method not allowed"));

        if (route.Groups["callSid"].Success)
        {
            return (200, new JsonObject
            {
                ["sid"] = route.Groups["callSid"].Value,
                ["account_sid"] = AccountSid,
                // Hanging up is an update with Status=completed; a redirect leaves the call in progress.
                ["status"] = form.GetValueOrDefault("Status", "in-progress"),
                ["uri"] = request.Path.Value,
            });
        }

        // Twilio refuses a message without these before queuing anything.
        if (!form.ContainsKey("To"))
            return (400, Error(400, "A 'To' phone number is required.", code: 21604));
        if (!form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid"))
            return (400, Error(400, "A 'From' phone number is required.", code: 21603));
        if (!form.ContainsKey("Body"))
            return (400, Error(400, "Message body is required.", code: 21602));

        var sid = "SM" + Guid.NewGuid().ToString("N");
        return (201, new JsonObject
        {
            ["sid"] = sid,
            ["account_sid"] = AccountSid,
            ["status"] = "queued",
            ["direction"] = "outbound-api",
            ["to"] = form["To"],
            ["from"] = form.GetValueOrDefault("From"),
            ["body"] = form.GetValueOrDefault("Body"),
            ["date_created"] = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture),
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    private int? TakeFailure()
    {
        lock (_gate)
        {
            if (_failuresLeft == 0)
                return null;
            _failuresLeft--;
            return _failureStatus;
        }
    }

    private bool IsAuthenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
            return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter)) == $"{AccountSid}:{AuthToken}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private void Record(TwilioRequest request)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _requests.Add(request);
            arrived = _arrived;
            _arrived = NewSignal();
        }
        arrived.SetResult();
    }

    // Twilio's error codes for HTTP failures are 20000 plus the status (20404, 20429, 20500...), 20003 aside.
    private static JsonObject Error(int status, string message, int? code = null)
    {
        var twilioCode = code ?? 20000 + status;
        return new JsonObject
        {
            ["code"] = twilioCode,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{twilioCode}",
            ["status"] = status,
        };
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [GeneratedRegex(@"^/2010-04-01/Accounts/(?<accountSid>[^/]+)/(?:Messages|Calls/(?<callSid>[^/]+))\.json$")]
    private static partial Regex Route();
}
