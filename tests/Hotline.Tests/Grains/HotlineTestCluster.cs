using System.Collections.Concurrent;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;
using Hotline.Silo;
using Hotline.Silo.Channels;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.TestingHost;

namespace Hotline.Tests.Grains;

/// <summary>
/// A real Orleans cluster (in-process transport) with the product's grains and its SQLite storage in a temp folder,
/// a fake clock for offer timeouts, and a recording web node that sees every event grains send to browsers.
/// One per test, because all tests share the one general queue.
/// </summary>
public abstract class HotlineTestCluster : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("hotline-grains-").FullName;
    private readonly Guid _nodeId = Guid.NewGuid();
    private IHubNode? _nodeReference;
    private Timer? _nodeRenewal;

    protected InProcessTestCluster Cluster { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    protected RecordingHubNode Events { get; } = new();

    protected IGrainFactory Grains => Cluster.Client;

    protected string ArchiveFolder => Path.Combine(_dataDirectory, "archive");

    /// <summary>The silo's SQLite file, for tests that check what is really stored.</summary>
    protected string DatabasePath => Path.Combine(_dataDirectory, "grains.db");

    /// <summary>Configuration for the silo, as an operator would give it.</summary>
    protected virtual Dictionary<string, string?> Settings { get; } = [];

    public virtual async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var databasePath = DatabasePath;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.AddSqliteStorage(databasePath);
            silo.Services.AddSingleton(new PhoneNumbers(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            UseArchive(silo, configuration);
            silo.AddHotlineGrains(configuration);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await RegisterEventRecorder();
        // Renewed like a real web node's, on the real clock: the node directory's lease is plumbing, not hotline time.
        _nodeRenewal = new Timer(_ => _ = RegisterEventRecorder(), null, HubNodeTiming.RegistrationPeriod, HubNodeTiming.RegistrationPeriod);
    }

    /// <summary>Where closed conversations are archived: a local folder here; a subclass can swap in another archive.</summary>
    protected virtual void UseArchive(ISiloBuilder silo, IConfiguration configuration) =>
        silo.Services.AddSingleton<ITranscriptArchive>(new LocalFolderArchive(ArchiveFolder, HostingExtensions.ArchiveCipherFrom(new ConfigurationBuilder().Build(), _dataDirectory)));

    public virtual async Task DisposeAsync()
    {
        if (_nodeRenewal is not null)
            await _nodeRenewal.DisposeAsync();
        // Nothing is left to verify at teardown: stop abruptly rather than wait out a graceful shutdown.
        await Cluster.StopClusterClientAsync();
        foreach (var silo in Cluster.Silos.ToList())
            await Cluster.KillSiloAsync(silo);
        await Cluster.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Stops the only silo and starts a fresh one on the same storage: every activation and in-memory fact is gone.</summary>
    protected async Task RestartSilo()
    {
        var old = Cluster.Silos.Single();
        await Cluster.StartAdditionalSiloAsync();
        await Cluster.StopSiloAsync(old);
        // The client learns of the gateway change on its own schedule; until then calls can fail to connect.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                await RegisterEventRecorder();
                return;
            }
            catch (Exception e) when (e is ConnectionFailedException or SiloUnavailableException && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private async Task RegisterEventRecorder()
    {
        _nodeReference ??= Grains.CreateObjectReference<IHubNode>(Events);
        await Grains.GetGrain<IHubNodeDirectoryGrain>(0).Register(_nodeId, _nodeReference);
    }

    /// <summary>Moves the fake clock from another thread: Advance fires due timers on the calling thread.</summary>
    protected Task Advance(TimeSpan by) => Task.Run(() => Clock.Advance(by));

    /// <summary>
    /// Moves the fake clock a second at a time until <paramref name="happened"/> holds, and says how far it moved.
    /// For chains of timers, where each one is armed by the one before it once its callback has run.
    /// </summary>
    protected async Task<TimeSpan> AdvanceUntil(Func<Task<bool>> happened, TimeSpan limit, string what)
    {
        var moved = TimeSpan.Zero;
        while (!await happened())
        {
            if (moved >= limit)
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds} s of hotline time.");
            await Advance(TimeSpan.FromSeconds(1));
            moved += TimeSpan.FromSeconds(1);
        }
        return moved;
    }

    protected async Task<(Guid ConversationId, string WorkerKey)> StartChat(string firstMessage, string? topic = "emotional", string language = "zh")
    {
        var workerKey = Guid.NewGuid().ToString("N");
        var conversationId = Guid.NewGuid();
        await Grains.GetGrain<IWorkerGrain>(workerKey).StartChat(conversationId, Channel.Web, topic, language, firstMessage);
        return (conversationId, workerKey);
    }

    protected async Task<string> CounselorOnDuty(int cap = 1, string[]? topics = null, string[]? languages = null, string name = "Counsellor Li")
    {
        var id = $"counselor-{Guid.NewGuid():N}";
        await Counselor(id).SetProfile(new CounselorProfile(name, topics ?? ["emotional", "work-career"], languages ?? ["zh"], cap));
        await Counselor(id).SetPresence(Presence.Available);
        return id;
    }

    protected async Task<(Guid ConversationId, string CounselorId)> ActiveConversation(string firstMessage = "hello")
    {
        var (conversationId, _) = await StartChat(firstMessage);
        var counselorId = await CounselorOnDuty();
        var offer = await Events.WaitForCounselor<OfferReceived>(counselorId, "OfferReceived", o => o.ConversationId == conversationId);
        await Counselor(counselorId).AcceptOffer(offer.OfferId);
        return (conversationId, counselorId);
    }

    protected Task<ConversationView> View(Guid conversationId) => Conversation(conversationId).GetView();

    protected IConversationGrain Conversation(Guid id) => Grains.GetGrain<IConversationGrain>(id);

    protected ICounselorGrain Counselor(string id) => Grains.GetGrain<ICounselorGrain>(id);

    protected IQueueGrain Queue(string name = "emotional.zh") => Grains.GetGrain<IQueueGrain>(name);
}

/// <summary>Records what grains send to browsers, and lets a test wait for a particular event.</summary>
public sealed class RecordingHubNode : IHubNode
{
    private readonly ConcurrentQueue<(string Audience, ClientEvent Event)> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public Task ToWorker(Guid conversationId, ClientEvent e) => Record($"worker:{conversationId}", e);

    public Task ToCounselor(string counselorId, ClientEvent e) => Record($"counselor:{counselorId}", e);

    public async Task ToConversation(Guid conversationId, string? counselorId, ClientEvent e)
    {
        await ToWorker(conversationId, e);
        if (counselorId is not null)
            await ToCounselor(counselorId, e);
        await ToMonitors(conversationId, e);
    }

    public Task ToSupervisors(ClientEvent e) => Record("supervisors", e);

    public Task ToMonitors(Guid conversationId, ClientEvent e) => Record($"monitors:{conversationId}", e);

    public Task DisconnectUser(string userId) => Record($"disconnect:{userId}", new ClientEvent("Disconnect", userId));

    public Task<T> WaitForSupervisors<T>(string name, Func<T, bool>? match = null) => WaitFor("supervisors", name, match);

    public IReadOnlyList<ClientEvent> ForSupervisors() => For("supervisors");

    public IReadOnlyList<ClientEvent> ForMonitors(Guid conversationId) => For($"monitors:{conversationId}");

    public IReadOnlyList<ClientEvent> All => _events.Select(e => e.Event).ToList();

    public IReadOnlyList<ClientEvent> ForWorker(Guid conversationId) => For($"worker:{conversationId}");

    public IReadOnlyList<ClientEvent> ForCounselor(string counselorId) => For($"counselor:{counselorId}");

    public async Task<T> WaitFor<T>(string audience, string name, Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(Eventually.Deadline);
        while (true)
        {
            var hit = For(audience).Where(e => e.Name == name).Select(e => (T)e.Payload).FirstOrDefault(p => match?.Invoke(p) ?? true);
            if (hit is not null)
                return hit;
            try
            {
                await _arrived.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {name} event for {audience} within {Eventually.Deadline.TotalSeconds} s. Seen: {string.Join(", ", For(audience).Select(e => e.Name))}");
            }
        }
    }

    public Task<T> WaitForWorker<T>(Guid conversationId, string name, Func<T, bool>? match = null) => WaitFor($"worker:{conversationId}", name, match);

    public Task<T> WaitForCounselor<T>(string counselorId, string name, Func<T, bool>? match = null) => WaitFor($"counselor:{counselorId}", name, match);

    private IReadOnlyList<ClientEvent> For(string audience) => _events.Where(e => e.Audience == audience).Select(e => e.Event).ToList();

    private Task Record(string audience, ClientEvent e)
    {
        _events.Enqueue((audience, e));
        _arrived.Release();
        return Task.CompletedTask;
    }
}
