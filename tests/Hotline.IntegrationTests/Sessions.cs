using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.IntegrationTests;

/// <summary>A worker's browser tab, as the .NET SignalR client. Ends its open chat on dispose so other tests' queues stay clean.</summary>
public sealed class WorkerSession : IAsyncDisposable
{
    private WorkerSession(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public EventLog Events { get; } = new();

    public Guid? ConversationId { get; private set; }

    /// <param name="from">A loopback address to connect from (LoopbackAddress), so that the hotline counts it as another client.</param>
    public static async Task<WorkerSession> Connect(IHotlineSite server, System.Net.IPAddress? from = null)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(server.BaseAddress, "/hubs/worker"), options =>
        {
            if (from is not null)
                options.From(from);
        }).Build();
        var session = new WorkerSession(connection);
        connection.On<QueueUpdated>("QueueUpdated", e => session.Events.Record("QueueUpdated", e));
        connection.On<CounselorJoined>("CounselorJoined", e => session.Events.Record("CounselorJoined", e));
        connection.On<ChatMessage>("MessageReceived", e => session.Events.Record("MessageReceived", e));
        connection.On<ChatEnded>("ChatEnded", e => session.Events.Record("ChatEnded", e));
        connection.On<System.Text.Json.JsonElement>("CounselorTyping", e => session.Events.Record("CounselorTyping", e));
        await connection.StartAsync();
        return session;
    }

    /// <param name="consentVersion">The privacy notice agreed to, as the page sends it once "I agree" is ticked: the current one unless a test says otherwise.</param>
    public async Task<StartChatResult> StartChat(string? firstMessage, string? topic = "emotional", string? language = "zh", object? proof = null,
        string? consentVersion = Hotline.Contracts.Conversations.PrivacyNotice.Version, string? line = null)
    {
        var result = await Connection.InvokeAsync<StartChatResult>("StartChat", new { topic, language, firstMessage, proof, consentVersion, line });
        ConversationId = result.ConversationId;
        return result;
    }

    public async Task<ResumeChatResult> Resume(string token)
    {
        var result = await Connection.InvokeAsync<ResumeChatResult>("ResumeChat", token);
        ConversationId = result.ConversationId;
        return result;
    }

    /// <summary>Sends as the page does, with an id of its own for the message.</summary>
    public Task<SendResult> Send(string? text, CancellationToken cancellationToken = default) => Send(text, ClientIds.New(), cancellationToken);

    /// <summary>Sends with the page's id for the message given: the same id again is a retry.</summary>
    public Task<SendResult> Send(string? text, string? clientMessageId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<SendResult>("SendMessage", text, clientMessageId, cancellationToken);

    public Task<ConversationTail> MessagesAfter(long afterSeq) => Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", afterSeq);

    public async ValueTask DisposeAsync()
    {
        if (ConversationId is not null && Connection.State == HubConnectionState.Connected)
        {
            try { await Connection.InvokeAsync("EndChat"); } catch (Exception) { // already ended, or the server is gone
            }
        }
        await Connection.DisposeAsync();
    }
}

/// <summary>A counsellor's page, as the .NET SignalR client with a bearer token. Goes Offline on dispose.</summary>
public sealed class CounselorSession : IAsyncDisposable
{
    private CounselorSession(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public EventLog Events { get; } = new();

    /// <summary>The account's user name, which colleagues transfer to; known only for a session made by <see cref="NewCounselor"/>.</summary>
    public string? UserName { get; private set; }

    public static async Task<CounselorSession> Connect(IHotlineSite server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/counselor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var session = new CounselorSession(connection);
        connection.On<OfferReceived>("OfferReceived", e => session.Events.Record("OfferReceived", e));
        connection.On<OfferWithdrawn>("OfferWithdrawn", e => session.Events.Record("OfferWithdrawn", e));
        connection.On<ChatMessage>("MessageReceived", e => session.Events.Record("MessageReceived", e));
        connection.On<ConversationEnded>("ConversationEnded", e => session.Events.Record("ConversationEnded", e));
        connection.On<ConversationAssigned>("ConversationAssigned", e => session.Events.Record("ConversationAssigned", e));
        connection.On<Whisper>("WhisperReceived", e => session.Events.Record("WhisperReceived", e));
        connection.On<MessageNotDelivered>("MessageNotDelivered", e => session.Events.Record("MessageNotDelivered", e));
        connection.On<WorkerLeftInHurry>("WorkerLeftInHurry", e => session.Events.Record("WorkerLeftInHurry", e));
        connection.On<WorkerReturned>("WorkerReturned", e => session.Events.Record("WorkerReturned", e));
        await connection.StartAsync();
        return session;
    }

    /// <summary>Creates a counsellor account through the admin API, signs in and connects.</summary>
    public static async Task<CounselorSession> NewCounselor(IHotlineSite server, Admin admin, string displayName = "陈老师", int cap = 1)
    {
        var (userName, password) = await admin.CreateCounselor(displayName, cap);
        var session = await Connect(server, await server.LoginAsync(userName, password));
        session.UserName = userName;
        return session;
    }

    /// <summary>A new counsellor who goes Available and accepts the offer of <paramref name="conversationId"/>.</summary>
    public static async Task<CounselorSession> Holding(IHotlineSite server, Admin admin, Guid conversationId, string displayName = "陈老师")
    {
        var session = await NewCounselor(server, admin, displayName);
        await session.SetPresence("Available");
        await session.Accept((await session.NextOffer(conversationId)).OfferId);
        return session;
    }

    public Task SetPresence(string presence) => Connection.InvokeAsync("SetPresence", presence);

    public Task<OfferReceived> NextOffer(Guid conversationId) => Events.WaitFor<OfferReceived>("OfferReceived", o => o.ConversationId == conversationId);

    public Task<AcceptResult> Accept(Guid offerId) => Connection.InvokeAsync<AcceptResult>("AcceptOffer", offerId.ToString());

    public Task TransferToColleague(Guid conversationId, string colleague, string? note = null) =>
        Connection.InvokeAsync("TransferConversation", conversationId.ToString(), new { counselorId = colleague, note });

    /// <summary>Sends as the desk does, with an id of its own for the message.</summary>
    public Task<SendResult> Send(Guid conversationId, string? text, CancellationToken cancellationToken = default) =>
        Send(conversationId, text, ClientIds.New(), cancellationToken);

    /// <summary>Sends with the desk's id for the message given: the same id again is a retry.</summary>
    public Task<SendResult> Send(Guid conversationId, string? text, string? clientMessageId, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<SendResult>("SendMessage", conversationId.ToString(), text, clientMessageId, cancellationToken);

    public Task<ConversationTail> MessagesAfter(Guid conversationId, long afterSeq) =>
        Connection.InvokeAsync<ConversationTail>("GetMessagesAfter", conversationId.ToString(), afterSeq);

    public async ValueTask DisposeAsync()
    {
        if (Connection.State == HubConnectionState.Connected)
        {
            try { await SetPresence("Offline"); } catch (Exception) { // the server may be gone
            }
        }
        await Connection.DisposeAsync();
    }
}

/// <summary>A supervisor's page: alerts, live figures, and stepping into conversations.</summary>
public sealed class SupervisorSession : IAsyncDisposable
{
    private SupervisorSession(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public EventLog Events { get; } = new();

    public static async Task<SupervisorSession> Connect(IHotlineSite server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/supervisor"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var session = new SupervisorSession(connection);
        connection.On<Alert>("AlertRaised", e => session.Events.Record("AlertRaised", e));
        connection.On<System.Text.Json.JsonElement>("StatsUpdated", e => session.Events.Record("StatsUpdated", e.Clone()));
        connection.On<ChatMessage>("MessageReceived", e => session.Events.Record("MessageReceived", e));
        connection.On<Whisper>("WhisperReceived", e => session.Events.Record("WhisperReceived", e));
        await connection.StartAsync();
        return session;
    }

    public static async Task<SupervisorSession> NewSupervisor(IHotlineSite server, Admin admin, string displayName = "王督导")
    {
        var (userName, password) = await admin.CreateCounselor(displayName, role: "supervisor");
        return await Connect(server, await server.LoginAsync(userName, password));
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
