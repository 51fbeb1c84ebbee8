using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Contracts;

namespace Hotline.ClusterTests;

/// <summary>
/// A line an admin adds on one web node reaches the other web node and the silos without a restart: the other node
/// lists it, and a worker there starts a chat on it that the line's counsellor, connected there too, answers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LineEditTests(HotlineCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task A_city_line_added_on_one_web_node_is_served_by_the_other_within_seconds()
    {
        using var admin = await cluster.Admin.Client();
        var clock = Stopwatch.StartNew();
        var saved = await admin.PutAsJsonAsync("/api/admin/lines/xinxiang", new
        {
            zh = "新乡市总工会职工心理援助热线",
            en = "Xinxiang Federation of Trade Unions support line",
            region = "410700",
            parent = "henan",
            minimumSeats = 2,
        });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());

        // A bound only so that a node that never learns of the line fails the test rather than hanging it.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var web2 = cluster.Web(2).CreateClient();
        while (!(await web2.GetFromJsonAsync<List<JsonElement>>("/api/lines", deadline.Token))!.Any(l => l.GetProperty("id").GetString() == "xinxiang"))
            await Task.Delay(100, deadline.Token);
        output.WriteLine($"web node 2 listed the new line {clock.Elapsed.TotalSeconds:F1} s after web node 1 saved it");

        var (userName, password) = await cluster.Admin.CreateCounselor("新乡·冯老师", lines: ["xinxiang"]);
        await using var counselor = await CounselorSession.Connect(cluster.Web(2), await cluster.Web(2).LoginAsync(userName, password));
        await counselor.SetPresence("Available");
        await using var worker = await WorkerSession.Connect(cluster.Web(2));
        var chat = await StartedOnEverySilo(worker, deadline.Token);
        output.WriteLine($"a worker on web node 2 started a chat on it {clock.Elapsed.TotalSeconds:F1} s after the save");
        await counselor.Accept((await counselor.NextOffer(chat.ConversationId)).OfferId);
    }

    /// <summary>
    /// The chat, once the silo that takes it has the line: a silo that has not looked yet refuses it as an unknown
    /// line and starts nothing, so the same window asks again.
    /// </summary>
    private static async Task<StartChatResult> StartedOnEverySilo(WorkerSession worker, CancellationToken deadline)
    {
        while (true)
        {
            try
            {
                return await worker.StartChat("我在新乡", line: "xinxiang");
            }
            catch (Exception refused) when (refused.Message.Contains(RefusalCodes.LineUnknown))
            {
                await Task.Delay(100, deadline);
            }
        }
    }
}
