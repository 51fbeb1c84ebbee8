using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Bench;

// The public contract as a client sees it, written out here: the benchmark shares no types with the product.
public sealed record StartChatResult(Guid ConversationId, string ResumeToken, int Position, int EstimatedWaitSeconds);

public sealed record ChatMessage(Guid ConversationId, long Seq, string Sender, string Text, DateTimeOffset SentAt);

public sealed record ResumeChatResult(Guid ConversationId, string Status, List<ChatMessage> Messages);

public sealed record OfferReceived(Guid OfferId, Guid ConversationId);

public sealed record SendResult(long Seq);

/// <summary>The product's REST side, as the bootstrap admin: creates counsellor accounts and signs them in.</summary>
public sealed class ProductSite(ServerProcess web)
{
    public const string AdminUserName = "bench-admin";
    public const string AdminPassword = "Measure-Twice-Root-2026";
    private const string CounsellorPassword = "Bench-Counsellor-2026";

    public ServerProcess Web { get; } = web;

    public async Task<IReadOnlyList<string>> CreateCounsellors(int count, int maxConcurrentChats)
    {
        using var admin = new HttpClient { BaseAddress = Web.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Login(AdminUserName, AdminPassword));
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var userName = $"b{Guid.NewGuid():N}"[..16];
            var created = await admin.PostAsJsonAsync("/api/admin/users", new
            {
                userName,
                displayName = $"Counsellor {i}",
                password = CounsellorPassword,
                roles = new[] { "counselor" },
                topics = Array.Empty<string>(),
                languages = new[] { "zh", "en" },
                maxConcurrentChats,
            });
            created.EnsureSuccessStatusCode();
            tokens[i] = await Login(userName, CounsellorPassword);
        });
        return tokens;
    }

    private async Task<string> Login(string userName, string password)
    {
        using var http = new HttpClient { BaseAddress = Web.BaseAddress };
        var response = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LoginResult>())!.AccessToken;
    }

    private sealed record LoginResult(string AccessToken);
}

/// <summary>Where offers went: when each conversation was first offered and whether a counsellor took it.</summary>
public sealed class OfferBook
{
    private readonly ConcurrentDictionary<Guid, long> _offeredAt = new();
    private readonly ConcurrentDictionary<Guid, byte> _accepted = new();

    public int AcceptedCount => _accepted.Count;

    public void Offered(Guid conversationId) => _offeredAt.TryAdd(conversationId, Stopwatch.GetTimestamp());

    public void Accepted(Guid conversationId) => _accepted.TryAdd(conversationId, 0);

    public bool TryGetOfferedAt(Guid conversationId, out long at) => _offeredAt.TryGetValue(conversationId, out at);

    public async Task WaitForAccepted(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (AcceptedCount < count)
        {
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"Only {AcceptedCount} of {count} conversations were taken by a counsellor within {timeout.TotalSeconds:0} s.");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// One counsellor, signed in, with one or more pages open (each a connection to /hubs/counselor). The first page takes
/// every offer at once and books what workers write; the others only hold their connection, as extra tabs do.
/// </summary>
public sealed class CounsellorDesk : IAsyncDisposable
{
    private readonly HubConnection[] _pages;

    private CounsellorDesk(HubConnection[] pages) => _pages = pages;

    public IReadOnlyList<HubConnection> Pages => _pages;

    public static async Task<CounsellorDesk> Open(ServerProcess web, string token, int pages, LedgerBook book, OfferBook offers)
    {
        var connections = Enumerable.Range(0, pages).Select(_ => HubClients.Connect(new Uri(web.BaseAddress, "/hubs/counselor"), token)).ToArray();
        var desk = new CounsellorDesk(connections);
        var first = connections[0];
        first.On<OfferReceived>("OfferReceived", offer =>
        {
            offers.Offered(offer.ConversationId);
            _ = Accept(first, offer, offers);
        });
        first.On<ChatMessage>("MessageReceived", message =>
        {
            if (message.Sender == "worker")
                book.Arrived(message.Text);
        });
        await Task.WhenAll(connections.Select(c => c.StartAsync()));
        return desk;
    }

    public Task SetPresence(string presence) => _pages[0].InvokeAsync("SetPresence", presence);

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
            await page.DisposeAsync();
    }

    private static async Task Accept(HubConnection page, OfferReceived offer, OfferBook offers)
    {
        try
        {
            await page.InvokeAsync<object>("AcceptOffer", offer.OfferId.ToString());
            offers.Accepted(offer.ConversationId);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException)
        {
            // Withdrawn or expired meanwhile: the conversation is offered again and taken then.
        }
    }
}

/// <summary>A worker's chat tab: one connection to /hubs/worker and one conversation in it.</summary>
public sealed class WorkerTab : IAsyncDisposable
{
    private WorkerTab(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    private int _acknowledged;
    private TaskCompletionSource<ResumeChatResult>? _resumed;

    public StartChatResult? Chat { get; private set; }

    /// <summary>Messages this worker sent that the server acknowledged.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public static async Task<WorkerTab> Connect(ServerProcess web)
    {
        var connection = HubClients.Connect(new Uri(web.BaseAddress, "/hubs/worker"));
        // The worker's own messages come back to it too; the benchmark books them on the counsellor's side only.
        connection.On<ChatMessage>("MessageReceived", _ => { });
        var tab = new WorkerTab(connection);
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
        Chat = await Connection.InvokeAsync<StartChatResult>("StartChat", new { topic = "emotional", language = "zh", firstMessage });
        return Chat;
    }

    public Task<ResumeChatResult> Resume() => Connection.InvokeAsync<ResumeChatResult>("ResumeChat", Chat!.ResumeToken);

    public async Task Send(string text)
    {
        await Connection.InvokeAsync<SendResult>("SendMessage", text);
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

/// <summary>B3's clients: workers in conversations that counsellors have taken; the worker sends, the counsellor receives.</summary>
public sealed class ProductPairs(IReadOnlyList<WorkerTab> workers) : IMessagePath
{
    public string Name => BenchResult.B3;

    public int Pairs => workers.Count;

    public Task Send(int pair, string text) => workers[pair].Send(text);
}
