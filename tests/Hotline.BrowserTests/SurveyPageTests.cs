using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The post-chat survey on the worker's page, through to the record a supervisor can read.</summary>
public sealed class SurveyPageTests(ServerFixture fixture) : BrowserPageTests(fixture)
{
    [Fact]
    public async Task After_the_chat_the_worker_rates_it_and_the_rating_goes_on_the_record()
    {
        var page = await (await Browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 } })).NewPageAsync();
        await page.GotoAsync(Fixture.Server.BaseAddress.ToString());
        await page.Locator("#first-message").FillAsync("想找人说说话");
        await page.Locator("#consent").CheckAsync();
        await page.Locator("#start-button").ClickAsync();
        await using var counselor = await CounselorSession.NewCounselor(Fixture.Server, Fixture.Admin);
        await counselor.SetPresence("Available");
        var offer = await counselor.Events.WaitFor<OfferReceived>("OfferReceived", o => o.Preview == "想找人说说话");
        await counselor.Accept(offer.OfferId);
        await counselor.Connection.InvokeAsync("EndConversation", offer.ConversationId.ToString());

        await Assertions.Expect(page.Locator("#survey")).ToBeVisibleAsync();
        await page.Locator("input[name=rating][value='4']").CheckAsync();
        await page.Locator("input[name=helped][value='yes']").CheckAsync();
        await page.Locator("#survey-comment").FillAsync("谢谢你听我说");
        await page.Locator("#survey-submit").ClickAsync();
        await Assertions.Expect(page.Locator("#survey-thanks")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#survey")).ToBeHiddenAsync();

        await counselor.Connection.InvokeAsync("SubmitWrapUp", offer.ConversationId.ToString(), new { topic = "emotional", riskLevel = "R0", action = "counselling" });
        var (supervisorName, supervisorPassword) = await Fixture.Admin.CreateCounselor("督导", role: "supervisor");
        using var supervisor = Fixture.Server.CreateClient();
        supervisor.DefaultRequestHeaders.Authorization = new("Bearer", await Fixture.Server.LoginAsync(supervisorName, supervisorPassword));
        var record = await supervisor.GetFromJsonAsync<JsonElement>($"/api/supervisor/archive/{offer.ConversationId}");
        var survey = record.GetProperty("survey");
        Assert.Equal(4, survey.GetProperty("rating").GetInt32());
        Assert.True(survey.GetProperty("helped").GetBoolean());
        Assert.Equal("谢谢你听我说", survey.GetProperty("comment").GetString());
    }
}
