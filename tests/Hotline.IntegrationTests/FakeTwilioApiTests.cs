using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hotline.IntegrationTests;

public sealed class FakeTwilioApiTests
{
    [Fact]
    public async Task A_message_sent_with_the_account_credentials_is_queued_and_recorded()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await SendMessage(http, twilio.AccountSid, "Are you safe right now?");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await Json(response);
        Assert.Matches("^SM[0-9a-f]{32}$", json.GetProperty("sid").GetString());
        Assert.Equal("queued", json.GetProperty("status").GetString());
        Assert.Equal("+15550001111", json.GetProperty("to").GetString());
        Assert.Equal("+15559990000", json.GetProperty("from").GetString());
        Assert.Equal("Are you safe right now?", json.GetProperty("body").GetString());

        var sent = Assert.Single(twilio.Messages);
        Assert.Equal(("message", 201), (sent.Kind, sent.Status));
        Assert.Equal($"/2010-04-01/Accounts/{twilio.AccountSid}/Messages.json", sent.Path);
        Assert.Equal("Are you safe right now?", sent.Form["Body"]);
        Assert.Equal("+15550001111", sent.Form["To"]);
    }

    [Fact]
    public async Task A_call_update_answers_with_the_call_in_progress()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        twilio.CallInProgress(callSid);

        using var response = await Redirect(http, twilio.AccountSid, callSid);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json(response);
        Assert.Equal(callSid, json.GetProperty("sid").GetString());
        Assert.Equal("in-progress", json.GetProperty("status").GetString());
        var update = Assert.Single(twilio.CallUpdates);
        Assert.Equal("https://hotline.example/voice/queue", update.Form["Url"]);
        Assert.Empty(twilio.Messages);
    }

    [Theory]
    [InlineData("completed")]
    [InlineData("no-answer")]
    [InlineData("canceled")]
    public async Task A_call_that_is_over_cannot_be_redirected_as_in_twilio(string status)
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        twilio.CallInProgress(callSid);
        twilio.CallEnded(callSid, status);

        using var response = await Redirect(http, twilio.AccountSid, callSid);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await Json(response);
        Assert.Equal(21220, error.GetProperty("code").GetInt32());
        Assert.Equal("Call is not in-progress. Cannot redirect.", error.GetProperty("message").GetString());
        Assert.Empty(twilio.CallUpdates);
    }

    [Fact]
    public async Task A_call_twilio_never_had_is_not_found()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await Redirect(http, twilio.AccountSid, "CA" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(20404, (await Json(response)).GetProperty("code").GetInt32());
        Assert.Empty(twilio.CallUpdates);
    }

    [Fact]
    public async Task A_body_of_1600_characters_is_sent_and_one_more_is_refused_as_in_twilio()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var longest = await SendMessage(http, twilio.AccountSid, new string('你', 1600));
        using var tooLong = await SendMessage(http, twilio.AccountSid, new string('你', 1601));

        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(21617, (await Json(tooLong)).GetProperty("code").GetInt32());
        Assert.Equal(1600, Assert.Single(twilio.Messages).Form["Body"].Length);
    }

    [Fact]
    public async Task A_held_request_is_answered_once_released()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        var held = twilio.Hold();
        var sending = SendMessage(http, twilio.AccountSid, "held");
        Assert.Equal("held", (await held.WaitAsync(TimeSpan.FromSeconds(10)))["Body"]);
        twilio.Release();

        using var response = await sending;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("held", Assert.Single(twilio.Messages).Form["Body"]);
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_and_recorded_as_a_failed_attempt()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, "not-the-token");

        using var response = await SendMessage(http, twilio.AccountSid, "hello");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(20003, (await Json(response)).GetProperty("code").GetInt32());
        Assert.Equal(("message", 401), (Assert.Single(twilio.Requests).Kind, twilio.Requests[0].Status));
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task Another_account_in_the_path_is_not_found()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);

        using var response = await SendMessage(http, "AC" + Guid.NewGuid().ToString("N"), "hello");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(404, Assert.Single(twilio.Requests).Status);
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task Fail_next_two_fails_two_requests_and_the_third_succeeds()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);
        twilio.FailNext(2);

        var statuses = new List<HttpStatusCode>();
        foreach (var text in new[] { "one", "two", "three" })
        {
            using var response = await SendMessage(http, twilio.AccountSid, text);
            statuses.Add(response.StatusCode);
            if (!response.IsSuccessStatusCode)
                Assert.Equal(20500, (await Json(response)).GetProperty("code").GetInt32());
        }

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.Created], statuses);
        Assert.Equal([500, 500, 201], twilio.Requests.Select(r => r.Status));
        Assert.Equal("three", Assert.Single(twilio.Messages).Form["Body"]);
    }

    [Fact]
    public async Task Wait_for_returns_a_request_that_arrives_while_it_waits()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        using var http = Client(twilio, twilio.AccountSid, twilio.AuthToken);
        using var earlier = await SendMessage(http, twilio.AccountSid, "earlier");

        var waiting = twilio.WaitFor(r => r.Form.GetValueOrDefault("Body") == "later", timeoutSeconds: 10);
        Assert.False(waiting.IsCompleted);
        using var later = await SendMessage(http, twilio.AccountSid, "later");

        var arrived = await waiting;
        Assert.Equal(("message", 201), (arrived.Kind, arrived.Status));
        Assert.Equal(2, twilio.Messages.Count);
    }

    [Fact]
    public async Task Wait_for_times_out_when_nothing_matches()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => twilio.WaitFor(_ => true, timeoutSeconds: 1));
    }

    private static HttpClient Client(FakeTwilioApi twilio, string user, string password) => new()
    {
        BaseAddress = twilio.BaseAddress,
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))),
        },
    };

    private static Task<HttpResponseMessage> SendMessage(HttpClient http, string accountSid, string body) =>
        http.PostAsync($"2010-04-01/Accounts/{accountSid}/Messages.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["To"] = "+15550001111",
            ["From"] = "+15559990000",
            ["Body"] = body,
        }));

    private static Task<HttpResponseMessage> Redirect(HttpClient http, string accountSid, string callSid) =>
        http.PostAsync($"2010-04-01/Accounts/{accountSid}/Calls/{callSid}.json",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Url"] = "https://hotline.example/voice/queue", ["Method"] = "POST" }));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
