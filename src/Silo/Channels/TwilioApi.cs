using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Hotline.Silo.Channels;

/// <summary>
/// The two calls Hotline makes to Twilio's REST API (2010-04-01), over HttpClient since the SDK is not available:
/// send a text, and redirect a live call. Transient failures (no answer, 429, 5xx) are tried 4 times with backoff;
/// then a <see cref="TwilioUnavailableException"/> says what went wrong, and whether Twilio refused the request itself.
/// </summary>
public sealed class TwilioApi(HttpClient http, IOptions<TwilioOptions> options, ILogger<TwilioApi> logger)
{
    private static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(300),
            UseJitter = true,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
        })
        .Build();

    private TwilioOptions Twilio => options.Value;

    public Task SendText(string to, string body) =>
        Post("Messages.json", new Dictionary<string, string> { ["To"] = to, ["From"] = Twilio.PhoneNumber ?? "", ["Body"] = body });

    /// <summary>Points a live call at new TwiML (<paramref name="url"/>), e.g. to put the caller through to their counsellor.</summary>
    public Task RedirectCall(string callSid, string url) =>
        Post($"Calls/{Uri.EscapeDataString(callSid)}.json", new Dictionary<string, string> { ["Url"] = url, ["Method"] = "POST" });

    private async Task Post(string resource, Dictionary<string, string> form)
    {
        if (string.IsNullOrEmpty(Twilio.AccountSid) || string.IsNullOrEmpty(Twilio.AuthToken))
            throw new TwilioUnavailableException("SMS and voice are not configured (Hotline:Twilio:AccountSid and AuthToken).", refused: true);
        var url = $"{Twilio.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(Twilio.AccountSid)}/{resource}";
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Twilio.AccountSid}:{Twilio.AuthToken}"));
        HttpResponseMessage response;
        try
        {
            response = await Retry.ExecuteAsync(async cancellationToken =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
                return await http.SendAsync(request, cancellationToken);
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new TwilioUnavailableException("Twilio could not be reached.", e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
                return;
            // Not the body: Twilio's errors can repeat the number.
            logger.LogWarning("Twilio refused {Resource}: {Status}", resource.Split('/')[0], (int)response.StatusCode);
            var status = (int)response.StatusCode;
            throw new TwilioUnavailableException($"Twilio answered {status}.", refused: status is < 500 and not 429);
        }
    }
}

/// <param name="refused">Twilio answered and refused this request (a 4xx but 429), or nothing is configured: the same request will not pass later either.</param>
public sealed class TwilioUnavailableException(string message, Exception? inner = null, bool refused = false) : Exception(message, inner)
{
    public bool Refused { get; } = refused;
}
