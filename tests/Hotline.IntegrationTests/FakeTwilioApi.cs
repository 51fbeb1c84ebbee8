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
/// HTTP on a loopback port, recording every request and able to fail or hold requests on demand. It refuses what
/// Twilio refuses: a body over 1,600 characters, a call it does not know, a call that is no longer in progress.
/// </summary>
public sealed partial class FakeTwilioApi : IAsyncDisposable
{
    /// <summary>Twilio refuses a message whose Body is longer (error 21617).</summary>
    public const int MaxBodyLength = 1600;

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<TwilioRequest> _requests = [];
    // Completed and replaced on every request, so any number of waiters wake to look again.
    private TaskCompletionSource _arrived = NewSignal();
    private int _failuresLeft;
    private int _failureStatus;
    private Func<IReadOnlyDictionary<string, string>, bool>? _failing;
    private readonly Dictionary<string, string> _calls = [];
    // Set while holding: requests wait on it, and the first one held is handed to whoever asked for the hold.
    private TaskCompletionSource? _release;
    private TaskCompletionSource<IReadOnlyDictionary<string, string>>? _firstHeld;

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

    /// <summary>Until <see cref="Recover"/>, every request whose form matches answers <paramref name="status"/>; the others pass.</summary>
    public void FailWhere(Func<IReadOnlyDictionary<string, string>, bool> match, int status = 500)
    {
        lock (_gate)
        {
            _failing = match;
            _failureStatus = status;
        }
    }

    /// <summary>Twilio is back: no request fails on purpose any more.</summary>
    public void Recover()
    {
        lock (_gate)
        {
            _failuresLeft = 0;
            _failing = null;
        }
    }

    /// <summary>
    /// Twilio has put a call through to the hotline's TwiML (its voice webhook was answered): from now on the call is
    /// in progress and can be redirected.
    /// </summary>
    public void CallInProgress(string callSid)
    {
        lock (_gate)
            _calls[callSid] = "in-progress";
    }

    /// <summary>The call is over (the caller hung up, or it was never answered): Twilio refuses to redirect it.</summary>
    public void CallEnded(string callSid, string status = "completed")
    {
        lock (_gate)
            _calls[callSid] = status;
    }

    /// <summary>
    /// From now on requests wait, unanswered, until <see cref="Release"/>: a Twilio that has taken a request and not
    /// yet answered it. The task gives the form of the first request held, once it has come.
    /// </summary>
    public Task<IReadOnlyDictionary<string, string>> Hold()
    {
        lock (_gate)
        {
            _release ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _firstHeld ??= new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _firstHeld.Task;
        }
    }

    /// <summary>Answers the held requests, as Twilio would have, whether or not their sender is still there to read it.</summary>
    public void Release()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            (release, _release, _firstHeld) = (_release, null, null);
        }
        release?.SetResult();
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
        Release();
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
        await WhileHeld(form);

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
        if (TakeFailure(form) is { } failure)
            return (failure, Error(failure, "An injected failure of the fake Twilio API"));
        if (!IsAuthenticated(request))
            return (401, Error(401, "Authenticate", code: 20003));
        if (!route.Success || route.Groups["accountSid"].Value != AccountSid)
            return (404, Error(404, $"The requested resource {request.Path} was not found"));
        if (request.Method != HttpMethods.Post)
            return (405, Error(405, "Method not allowed"));

        if (route.Groups["callSid"].Success)
            return UpdateCall(route.Groups["callSid"].Value, request.Path.Value!, form);

        // Twilio refuses a message without these before queuing anything.
        if (!form.ContainsKey("To"))
            return (400, Error(400, "A 'To' phone number is required.", code: 21604));
        if (!form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid"))
            return (400, Error(400, "A 'From' phone number is required.", code: 21603));
        if (!form.ContainsKey("Body"))
            return (400, Error(400, "Message body is required.", code: 21602));
        // Counted in UTF-16 units, as .NET counts: an emoji is two, which is stricter than one and what Twilio's
        // "characters with a higher byte count" come to.
        if (form["Body"].Length > MaxBodyLength)
            return (400, Error(400, $"The concatenated message body exceeds the {MaxBodyLength} character limit.", code: 21617));

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

    private (int Status, JsonObject Body) UpdateCall(string callSid, string path, Dictionary<string, string> form)
    {
        lock (_gate)
        {
            if (!_calls.TryGetValue(callSid, out var status))
                return (404, Error(404, $"The requested resource {path} was not found"));
            // Only a live call can be changed: redirected, or hung up with Status=completed.
            if (status != "in-progress")
                return (400, Error(400, "Call is not in-progress. Cannot redirect.", code: 21220));
            if (form.GetValueOrDefault("Status") == "completed")
                _calls[callSid] = status = "completed";
            return (200, new JsonObject
            {
                ["sid"] = callSid,
                ["account_sid"] = AccountSid,
                ["status"] = status,
                ["uri"] = path,
            });
        }
    }

    private async Task WhileHeld(Dictionary<string, string> form)
    {
        Task? released;
        lock (_gate)
        {
            released = _release?.Task;
            _firstHeld?.TrySetResult(form);
        }
        if (released is not null)
            await released;
    }

    private int? TakeFailure(Dictionary<string, string> form)
    {
        lock (_gate)
        {
            if (_failing?.Invoke(form) == true)
                return _failureStatus;
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
