namespace Hotline.IntegrationTests.Twilio;

/// <summary>
/// Texts back go out in order from a cursor kept in the phone relay's state (DESIGN.md, SMS), so a crash resends
/// rather than skips: the part whose answer the crash swallowed goes again, the rest once. A hotline of its own: the
/// test kills it.
/// </summary>
public sealed class SmsCursorTests(TwilioFixture hotline) : IClassFixture<TwilioFixture>
{
    [Fact]
    public async Task After_a_crash_the_message_being_texted_goes_again_in_full_and_nothing_is_skipped_or_repeated()
    {
        const string number = "+8613800138020";
        var (userName, password) = await hotline.Admin.CreateCounselor("周老师");
        var longMessage = string.Concat(Enumerable.Repeat("你说的每一句话我都在认真听。", 10));
        Guid conversationId;
        string joined, firstPart;
        await using (var counselor = await CounselorSession.Connect(hotline.Server, await hotline.Server.LoginAsync(userName, password)))
        {
            await counselor.SetPresence("Available");
            await hotline.Text(number, "我睡不着，想找人说说话");
            var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived");
            conversationId = offer.ConversationId;
            await counselor.Accept(offer.OfferId);
            joined = (await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["To"] == number)).Form["Body"];

            // Twilio takes the first part and the hotline dies before hearing back.
            var held = hotline.Twilio.Hold();
            await counselor.Send(conversationId, longMessage);
            firstPart = (await held.WaitAsync(TimeSpan.FromSeconds(30)))["Body"];
            Assert.StartsWith("(1/", firstPart);
            await hotline.Server.KillAsync();
            hotline.Twilio.Release();
            await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == firstPart);
        }
        Assert.Equal([joined, firstPart], Texts());
        var parts = PartCount(firstPart);

        await hotline.Server.StartAsync();
        // The counsellor's page reconnects and loads its conversations, which wakes this one.
        await using var again = await CounselorSession.Connect(hotline.Server, await hotline.Server.LoginAsync(userName, password));
        var reloaded = (await again.Connection.InvokeAsync<List<AcceptResult>>("GetMyConversations")).Single(c => c.ConversationId == conversationId);
        Assert.Equal(longMessage, reloaded.Messages[^1].Text);
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["To"] == number && r.Form["Body"].StartsWith($"({parts}/{parts}) "));
        // A later message proves the cursor has moved past everything before it.
        await again.Send(conversationId, "我们慢慢来。");
        await hotline.Twilio.WaitFor(r => r is { Kind: "message", Status: 201 } && r.Form["Body"] == "我们慢慢来。");

        var resent = Texts()[2..^1];
        Assert.Equal(Enumerable.Range(1, parts).Select(i => $"({i}/{parts}) "), resent.Select(p => p[..(p.IndexOf(')') + 2)]));
        Assert.Equal(firstPart, resent[0]);
        Assert.Equal(longMessage, string.Concat(resent.Select(p => p[(p.IndexOf(')') + 2)..])));
        Assert.Equal("我们慢慢来。", Texts()[^1]);
        Assert.Equal(parts + 3, Texts().Count);

        List<string> Texts() => hotline.Twilio.Messages.Where(r => r.Form["To"] == number).Select(r => r.Form["Body"]).ToList();
    }

    /// <summary>n, from a part numbered "(i/n) ".</summary>
    private static int PartCount(string part) => int.Parse(part[(part.IndexOf('/') + 1)..part.IndexOf(')')]);
}
