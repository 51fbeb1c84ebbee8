using System.Text;

namespace Hotline.IntegrationTests.Twilio;

/// <summary>
/// A worker's number is never stored or logged in clear. A hotline of its own: the test stops it, so that the
/// console logger has written out its queue and every line is read before the scan.
/// </summary>
public sealed class NumberPrivacyTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>
{
    [Fact]
    public async Task The_number_is_never_stored_or_logged_in_clear()
    {
        const string number = "+8613800138007";
        const string digits = "13800138007";
        await using var counselor = await CounselorSession.NewCounselor(hotline.Server, hotline.Admin);
        await counselor.SetPresence("Available");
        await hotline.Text(number, "不要记下我的号码");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
        await counselor.Accept(offer.OfferId);
        await counselor.Send(offer.ConversationId, "好的，我们不记号码。");
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == "好的，我们不记号码。");
        // The last request the hotline handles carries the number: its log lines are the ones most likely still queued.
        await hotline.Text(number, "谢谢");
        await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "谢谢");

        await hotline.Server.StopAsync();

        Assert.Contains(hotline.Server.Output, line => line.Contains("Application is shutting down"));
        Assert.DoesNotContain(hotline.Server.Output, line => line.Contains(digits));
        foreach (var file in Directory.EnumerateFiles(hotline.Server.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(digits)) < 0, $"{file} holds the number in clear");
        }
    }
}
