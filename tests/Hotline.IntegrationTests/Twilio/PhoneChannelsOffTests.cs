namespace Hotline.IntegrationTests.Twilio;

/// <summary>A hotline without Twilio configured: its phone channels are off, and say so (DESIGN.md, SMS and voice).</summary>
public sealed class PhoneChannelsOffTests(ServerFixture hotline) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("/api/twilio/sms")]
    [InlineData("/api/twilio/voice")]
    [InlineData("/api/twilio/voice/status")]
    [InlineData("/api/twilio/voice/hold?conversationId=0123456789abcdef0123456789abcdef")]
    public async Task Every_twilio_webhook_answers_503(string pathAndQuery)
    {
        using var http = hotline.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["MessageSid"] = "SM1", ["CallSid"] = "CA1", ["From"] = "+8613800138030", ["Body"] = "你好" }),
        };
        request.Headers.Add("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

        using var response = await http.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("SMS and voice are off", body);
    }
}
