using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.IntegrationTests.Migration;

/// <summary>
/// A data folder written by the hotline before lines existed (commit a598d5b, the embedded profile: a counsellor
/// made through the admin API, a worker waiting in queue work.zh; see before-lines/made-by.json) opens with
/// today's code as the default line's: the account serves the default line, the waiting worker resumes and is
/// offered to it, and a counsellor of another line is never offered that conversation. The folder's keys are a
/// throwaway set made for this fixture only.
/// </summary>
public sealed class DataBeforeLinesTests
{
    private static readonly string Fixture = Path.Combine(HotlineServer.RepositoryRoot(), "tests", "Hotline.IntegrationTests", "Migration", "before-lines");

    private sealed record MadeBy(string UserName, string Password, string ResumeToken, Guid ConversationId);

    [Fact]
    public async Task A_data_folder_from_before_lines_loads_as_the_default_line_and_its_waiting_worker_is_answered_there()
    {
        var copy = Directory.CreateTempSubdirectory("hotline-before-lines-").FullName;
        Copy(Path.Combine(Fixture, "data"), Path.Combine(copy, "data"));
        Copy(Path.Combine(Fixture, "keys"), Path.Combine(copy, "keys"));
        var madeBy = JsonSerializer.Deserialize<MadeBy>(File.ReadAllText(Path.Combine(Fixture, "made-by.json")), JsonSerializerOptions.Web)!;
        try
        {
            await using var server = new HotlineServer(new Dictionary<string, string>
            {
                ["Hotline__DataDirectory"] = Path.Combine(copy, "data"),
                ["Hotline__Keys__Directory"] = Path.Combine(copy, "keys"),
            });
            await server.StartAsync();

            await using var worker = await WorkerSession.Connect(server);
            var resumed = await worker.Resume(madeBy.ResumeToken);
            Assert.Equal(madeBy.ConversationId, resumed.ConversationId);
            Assert.Equal(["旧版本写下的第一句话"], resumed.Messages.Select(m => m.Text));

            var admin = new Admin(server);
            var (cityName, cityPassword) = await admin.CreateCounselor("洛阳·新老师", lines: ["luoyang"]);
            await using var city = await CounselorSession.Connect(server, await server.LoginAsync(cityName, cityPassword));
            await city.SetPresence("Available");
            await using var old = await CounselorSession.Connect(server, await server.LoginAsync(madeBy.UserName, madeBy.Password));
            await old.SetPresence("Available");
            await old.Accept((await old.NextOffer(madeBy.ConversationId)).OfferId);
            await old.Send(madeBy.ConversationId, "升级后我在这里");
            await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Text == "升级后我在这里");
            Assert.DoesNotContain(city.Events.All<OfferReceived>("OfferReceived"), o => o.ConversationId == madeBy.ConversationId);

            var users = await (await admin.Client()).GetFromJsonAsync<JsonArray>("/api/admin/users");
            var account = users!.Single(u => (string?)u!["userName"] == madeBy.UserName)!;
            Assert.Equal(["national"], account["lines"]!.AsArray().Select(l => (string)l!));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
