using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>
/// What people write is sealed wherever it is stored: no file under the data directory (grains.db and its journal,
/// the archive) holds it in clear, and the same data without the key directory reads back as nothing.
/// </summary>
public sealed class EncryptionAtRestTests
{
    private const string WorkerText = "老板扣了我三个月工资-静态加密测试";
    private const string CounselorText = "I hear you, this stays private 4471";
    private const string WorkerReply = "我害怕被开除-第二句";
    private const string WhisperText = "whisper-ask-about-sleep-5520";
    private const string WrapUpNote = "备注：工人担心报复 follow-up 8812";

    [Fact]
    public async Task Nothing_under_the_data_directory_holds_a_chat_in_clear_and_without_the_keys_nothing_reads_back()
    {
        await using var server = new HotlineServer();
        await server.StartAsync();
        var admin = new Admin(server);
        Guid conversationId;
        await using (var worker = await WorkerSession.Connect(server))
        {
            var started = await worker.StartChat(WorkerText);
            conversationId = started.ConversationId;
            await using var counselor = await CounselorSession.Holding(server, admin, conversationId);
            await using var supervisor = await SupervisorSession.NewSupervisor(server, admin);
            await supervisor.Connection.InvokeAsync<JsonElement>("MonitorConversation", conversationId.ToString());
            var reply = await counselor.Send(conversationId, CounselorText);
            await worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == reply.Seq);
            var second = await worker.Send(WorkerReply);
            await counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == second.Seq);
            await supervisor.Connection.InvokeAsync("Whisper", conversationId.ToString(), WhisperText);
            await counselor.Events.WaitFor<Whisper>("WhisperReceived");

            var archived = ArchiveWritten(server.DataDirectory, conversationId);
            await counselor.Connection.InvokeAsync("EndConversation", conversationId.ToString());
            await counselor.Connection.InvokeAsync("SubmitWrapUp", conversationId.ToString(), new { topic = "emotional", riskLevel = "R1", action = "counselling", notes = WrapUpNote });
            await archived;
            // The archive is really there and opens for a supervisor: the scan below is of real, readable records.
            var record = await supervisor.Connection.InvokeAsync<JsonElement>("ReadArchivedTranscript", conversationId.ToString());
            Assert.Contains(record.GetProperty("messages").EnumerateArray(), m => m.GetProperty("text").GetString() == CounselorText);
        }
        await server.StopAsync();

        var keys = server.DataDirectory + "-keys";
        Assert.True(File.Exists(Path.Combine(keys, "kek-1.key")), "the key-encryption key is generated into the key directory");
        Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "secrets")), "no key is generated under the data directory");
        var files = Directory.EnumerateFiles(server.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("grains.db-wal", StringComparison.Ordinal) || f.EndsWith("grains.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".record", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var text in new[] { WorkerText, CounselorText, WorkerReply, WhisperText, WrapUpNote, "静态加密测试", "this stays private" })
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) < 0, $"{file} holds \"{text}\" in clear (UTF-8)");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) < 0, $"{file} holds \"{text}\" in clear (UTF-16)");
            }
        }

        // The same data on a machine without the key directory: nothing of the conversation opens.
        Directory.Delete(keys, recursive: true);
        await using var keyless = new HotlineServer(new Dictionary<string, string> { ["Hotline__DataDirectory"] = server.DataDirectory });
        await keyless.StartAsync();
        await using var reader = await SupervisorSession.NewSupervisor(keyless, new Admin(keyless));
        var refused = await Assert.ThrowsAsync<HubException>(() => reader.Connection.InvokeAsync<JsonElement>("ReadArchivedTranscript", conversationId.ToString()));
        Assert.Contains("There is no archived record", refused.Message);
        var unknown = await Assert.ThrowsAsync<HubException>(() => reader.Connection.InvokeAsync<JsonElement>("MonitorConversation", conversationId.ToString()));
        Assert.Contains("There is no conversation with this id", unknown.Message);
    }

    /// <summary>Completes when the conversation's sealed record is in the archive folder (watched, not polled).</summary>
    private static Task ArchiveWritten(string dataDirectory, Guid conversationId)
    {
        var folder = Path.Combine(dataDirectory, "archive");
        Directory.CreateDirectory(folder);
        var name = $"{conversationId:N}.record";
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new FileSystemWatcher(folder, name) { EnableRaisingEvents = true };
        watcher.Renamed += (_, _) => written.TrySetResult();
        watcher.Created += (_, _) => written.TrySetResult();
        if (File.Exists(Path.Combine(folder, name)))
            written.TrySetResult();
        return written.Task.WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(t => { watcher.Dispose(); t.GetAwaiter().GetResult(); });
    }
}
