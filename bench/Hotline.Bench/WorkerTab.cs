using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

/// <summary>A worker's chat tab: one connection to /hubs/worker and one conversation in it.</summary>
public sealed class WorkerTab : IAsyncDisposable
{
    private WorkerTab(IServer web, HubConnection connection) => (Web, Connection) = (web, connection);

    /// <summary>The web node this tab is connected to.</summary>
    public IServer Web { get; }

    public HubConnection Connection { get; }

    private int _acknowledged;
    private TaskCompletionSource<ResumeChatResult>? _resumed;

    public StartChatResult? Chat { get; private set; }

    /// <summary>Messages this worker sent that the server acknowledged.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public static async Task<WorkerTab> Connect(IServer web)
    {
        var connection = HubClients.Connect(new Uri(web.BaseAddress, "/hubs/worker"));
        // The worker's own messages come back to it too; the benchmark books them on the counsellor's side only.
        connection.On<ChatMessage>("MessageReceived", _ => { });
        var tab = new WorkerTab(web, connection);
        connection.Reconnected += _ => tab.ResumeAfterReconnect();
        await connection.StartAsync();
        return tab;
    }

    /// <summary>From now on, the next reconnection resumes the chat, as the page does; the task ends when it has.</summary>
    public Task<ResumeChatResult> ExpectResume()
    {
        _resumed = new TaskCompletionSource<ResumeChatResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        return _resumed.Task;
    }

    public async Task<StartChatResult> Start(string? firstMessage = null)
    {
        // As the page does once the worker has agreed to the privacy notice.
        Chat = await Connection.InvokeAsync<StartChatResult>("StartChat", new { topic = "emotional", language = "zh", firstMessage,
            consentVersion = Hotline.Contracts.Conversations.PrivacyNotice.Version });
        return Chat;
    }

    public Task<ResumeChatResult> Resume() => Connection.InvokeAsync<ResumeChatResult>("ResumeChat", Chat!.ResumeToken);

    /// <summary>The whole transcript, page by page, as a page catching up reads it: a resumed chat shows only the newest 200.</summary>
    public async Task<List<ChatMessage>> ReadTranscript()
    {
        var messages = new List<ChatMessage>();
        for (long after = 0; ;)
        {
            var tail = await Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", after);
            messages.AddRange(tail.Messages);
            if (tail.Messages.Count == 0 || tail.Messages[^1].Seq >= tail.LastSeq)
                return messages;
            after = tail.Messages[^1].Seq;
        }
    }

    public async Task Send(string text)
    {
        await Connection.InvokeAsync<SendResult>("SendMessage", text, Guid.NewGuid().ToString());
        Interlocked.Increment(ref _acknowledged);
    }

    private async Task ResumeAfterReconnect()
    {
        if (_resumed is not { } resumed || Chat is null)
            return;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                resumed.TrySetResult(await Resume());
                return;
            }
            catch (Exception ex) when (attempt < 20 && ex is HubException or InvalidOperationException)
            {
                // The server may still be starting its silo; the page tries again too.
                await Task.Delay(250);
            }
            catch (Exception ex)
            {
                resumed.TrySetException(ex);
                return;
            }
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
