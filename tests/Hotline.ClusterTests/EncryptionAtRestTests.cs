using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.ClusterTests;

/// <summary>
/// In the cluster, what people write is sealed before it reaches Redis or blob storage: Redis's append-only file (every
/// write Redis ever took) and Azurite's files hold no message, whisper or note in clear.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EncryptionAtRestTests(HotlineCluster cluster)
{
    private const string WorkerText = "集群里的秘密-工资被扣-5531";
    private const string CounselorText = "cluster reply kept private 6642";
    private const string WhisperText = "cluster-whisper-ask-about-sleep-7753";
    private const string WrapUpNote = "集群备注-follow-up-8864";

    [Fact]
    public async Task Neither_Redis_nor_the_archive_holds_a_chat_in_clear()
    {
        await using var worker = await WorkerSession.Connect(cluster.Web(1));
        var started = await worker.StartChat(WorkerText);
        var id = started.ConversationId.ToString();
        await using var counselor = await CounselorSession.Holding(cluster.Web(2), cluster.Admin, started.ConversationId, "加密老师");
        await using var supervisor = await SupervisorSession.NewSupervisor(cluster.Web(1), cluster.Admin, "加密督导");
        await supervisor.Connection.InvokeAsync<JsonElement>("MonitorConversation", id);
        var reply = await counselor.Send(started.ConversationId, CounselorText);
        await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
        await supervisor.Connection.InvokeAsync("Whisper", id, WhisperText);
        await counselor.Events.WaitFor<Whisper>("WhisperReceived");
        await counselor.Connection.InvokeAsync("EndConversation", id);
        await counselor.Connection.InvokeAsync("SubmitWrapUp", id, new { topic = "emotional", riskLevel = "R1", action = "counselling", notes = WrapUpNote });
        var record = await Archived(supervisor, id);
        // The record in blob storage is real and opens on a silo: the scan below is of readable data.
        Assert.Contains(record.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == CounselorText);

        var files = Directory.EnumerateFiles(cluster.RedisData, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(cluster.AzuriteData, "*", SearchOption.AllDirectories)).ToList();
        Assert.Contains(files, f => f.Contains("appendonly", StringComparison.Ordinal));
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                await stream.CopyToAsync(copy);
                bytes = copy.ToArray();
            }
            foreach (var text in new[] { WorkerText, CounselorText, WhisperText, WrapUpNote })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) < 0, $"{file} holds \"{text}\" in clear (UTF-8)");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) < 0, $"{file} holds \"{text}\" in clear (UTF-16)");
            }
        }
    }

    /// <summary>The archived record, read again each time Azurite's files change, until it is there.</summary>
    private async Task<JsonElement> Archived(SupervisorSession supervisor, string id)
    {
        using var watcher = new FileSystemWatcher(cluster.AzuriteData) { IncludeSubdirectories = true };
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        watcher.Changed += (_, _) => changed.TrySetResult();
        watcher.Created += (_, _) => changed.TrySetResult();
        watcher.EnableRaisingEvents = true;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var next = changed.Task;
            try
            {
                return await supervisor.Connection.InvokeAsync<JsonElement>("ReadArchivedTranscript", id, deadline.Token);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException e) when (e.Message.Contains("There is no archived record"))
            {
                await next.WaitAsync(deadline.Token);
                Interlocked.Exchange(ref changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }
        }
    }
}
