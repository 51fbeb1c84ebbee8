using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Queues;
using Hotline.Contracts.Workers;
using Hotline.Silo;
using Hotline.Silo.Channels;
using Hotline.Silo.Keys;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Reminders;
using Orleans.Reminders.Diagnostics;
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
    // One key for every silo of the cluster, as operators configure it: a restarted silo still opens sealed numbers.
    private readonly byte[] _numberKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _auditKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private IHubNode? _nodeReference;
    private Timer? _nodeRenewal;

    protected InProcessTestCluster Cluster { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    protected RecordingHubNode Events { get; } = new();

    protected RecordingReminders Reminders { get; } = new();

    /// <summary>Writes the silo's storage is to refuse.</summary>
    protected StorageRefusals Refusals { get; } = new();

    protected IGrainFactory Grains => Cluster.Client;

    /// <summary>The audit chain keyed as the silo's is, as an operator's Hotline:Audit:ChainKey keys both the silos and the verifier.</summary>
    protected Silo.Supervision.AuditChain AuditChain => new(_auditKey);

    protected string ArchiveFolder => Path.Combine(_dataDirectory, "archive");

    /// <summary>The silo's SQLite file, for tests that check what is really stored.</summary>
    protected string DatabasePath => Path.Combine(_dataDirectory, "grains.db");

    /// <summary>Configuration for the silo, as an operator would give it.</summary>
    protected virtual Dictionary<string, string?> Settings { get; } = [];

    public virtual async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var databasePath = DatabasePath;
        var dataDirectory = _dataDirectory;
        var numberKey = _numberKey;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            // Reminders keep hotline time too, so that moving the clock past a reminder's due time rings it (a real
            // reminder waits real minutes). Loaded for as far ahead as any test moves the clock: Orleans otherwise
            // keeps only reminders due within 10 minutes and loads the rest by a refresh every 5, which one long
            // move of the clock would jump over.
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Clock);
            silo.Services.Configure<ReminderOptions>(options => options.ReminderLoadingWindow = TimeSpan.FromDays(3650));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
            // Sealed as in the product, with the key directory beside the data folder.
            silo.AddSealedSqliteStorage(configuration, databasePath, KeyDirectory.From(configuration, dataDirectory));
            RefuseWhenAsked(silo.Services);
            silo.Services.AddSingleton(new PhoneNumbers(numberKey));
            silo.Services.AddSingleton(AuditChain);
            UseArchive(silo, configuration);
            silo.AddHotlineGrains(configuration);
            ConfigureSilo(silo);
        });
        builder.ConfigureClient(ConfigureClient);
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await RegisterEventRecorder();
        // Renewed like a real web node's, on the real clock: the node directory's lease is plumbing, not hotline time.
        _nodeRenewal = new Timer(_ => _ = RegisterEventRecorder(), null, HubNodeTiming.RegistrationPeriod, HubNodeTiming.RegistrationPeriod);
    }

    /// <summary>What a test class adds to the silo after the product's setup: call filters, messaging options.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo) { }

    /// <summary>What a test class adds to the test's own client (the caller standing in for the hubs).</summary>
    protected virtual void ConfigureClient(IClientBuilder client) { }

    /// <summary>Puts <see cref="RefusingGrainStorage"/> around the product's default grain storage.</summary>
    private void RefuseWhenAsked(IServiceCollection services)
    {
        var sqlite = services.Last(d => d.ServiceType == typeof(Orleans.Storage.IGrainStorage) && Equals(d.ServiceKey, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (provider, key) =>
            new RefusingGrainStorage((Orleans.Storage.IGrainStorage)sqlite.KeyedImplementationFactory!(provider, key), Refusals));
    }

    /// <summary>Where closed conversations are archived: a local folder here; a subclass can swap in another archive.</summary>
    protected virtual void UseArchive(ISiloBuilder silo, IConfiguration configuration) =>
        silo.Services.AddSingleton<ITranscriptArchive>(services =>
            new LocalFolderArchive(ArchiveFolder, HostingExtensions.ArchiveCipherFrom(new ConfigurationBuilder().Build(), _dataDirectory), services.GetRequiredService<IDataKeys>()));

    public virtual async Task DisposeAsync()
    {
        Reminders.Dispose();
        if (_nodeRenewal is not null)
            await _nodeRenewal.DisposeAsync();
        // Nothing is left to verify at teardown: stop abruptly rather than wait out a graceful shutdown.
        await Cluster.StopClusterClientAsync();
        foreach (var silo in Cluster.Silos.ToList())
            await Cluster.KillSiloAsync(silo);
        await Cluster.DisposeAsync();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
        try { Directory.Delete(_dataDirectory + "-keys", recursive: true); } catch (IOException) { }
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
    /// Moves the fake clock, then asks the grain whose timers that could fire, and returns its answer: a barrier
    /// before checking that something did not happen. Advance only queues a due timer's tick on its grain, which runs
    /// it later and awaits what it sends (events reach <see cref="Events"/> inside the tick). A grain takes one call
    /// at a time and timer ticks do not interleave, so the question runs after the tick, and by the time it is
    /// answered the tick's state and events are all there. Only the grain whose timer it is can be the barrier.
    /// </summary>
    protected async Task<T> AdvanceAndAsk<T>(TimeSpan by, Func<Task<T>> askTheGrain)
    {
        await Advance(by);
        return await askTheGrain();
    }

    /// <summary>The reminders as stored in the silo's SQLite file (read with plain SQL, not the product's table class).</summary>
    protected async Task<IReadOnlyList<(string GrainId, string Name, DateTimeOffset StartAt, TimeSpan Period)>> StoredReminders()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_id, name, start_at, period FROM reminders ORDER BY grain_id, name";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, DateTimeOffset, TimeSpan)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), TimeSpan.FromTicks(reader.GetInt64(3))));
        return rows;
    }

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

    /// <summary>A web chat as the worker hub starts one: a new resume token's grain each time, from <paramref name="device"/> when it is remembered.</summary>
    protected async Task<(Guid ConversationId, string WorkerKey)> StartChat(string firstMessage, string? topic = "emotional", string language = "zh", string? device = null)
    {
        var workerKey = Guid.NewGuid().ToString("N");
        var conversationId = Guid.NewGuid();
        await Grains.GetGrain<IWorkerGrain>(workerKey).StartChat(conversationId, Channel.Web, topic, language, firstMessage, PrivacyNotice.Version, device);
        return (conversationId, workerKey);
    }

    protected async Task<string> CounselorOnDuty(int cap = 1, string[]? topics = null, string[]? languages = null, string name = "Counsellor Li")
    {
        var id = $"counselor-{Guid.NewGuid():N}";
        await Counselor(id).SetProfile(new CounselorProfile(name, topics ?? ["emotional", "work-career"], languages ?? ["zh"], cap));
        await Counselor(id).SetPresence(Presence.Available);
        return id;
    }

    /// <summary>A web chat to a line, as the worker hub starts one.</summary>
    protected async Task<Guid> StartAt(string line, string firstMessage, string language = "zh")
    {
        var conversationId = Guid.NewGuid();
        await Grains.GetGrain<IWorkerGrain>(Guid.NewGuid().ToString("N"))
            .StartChat(conversationId, Channel.Web, "emotional", language, firstMessage, PrivacyNotice.Version, line: line);
        return conversationId;
    }

    /// <summary>A counsellor of the line, on duty.</summary>
    protected async Task<string> OnDutyAt(string line, int cap = 1, string language = "zh")
    {
        var id = $"counselor-{line}-{Guid.NewGuid():N}";
        await Counselor(id).SetProfile(new CounselorProfile($"{line} counsellor", ["emotional"], [language], cap, Lines: [line]));
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

    /// <summary>
    /// A barrier before checking that an event did not come, or reading what came: the notifier takes events one at a
    /// time and starts their deliveries in that order, and the recording node takes them in order; so once a marker
    /// sent after them has arrived, so has every event grains sent before it.
    /// </summary>
    protected async Task EventsDelivered()
    {
        var marker = Guid.NewGuid();
        await Grains.GetGrain<INotifierGrain>(0).ToSupervisors(new ClientEvent("Delivered", marker));
        await Events.WaitForSupervisors<Guid>("Delivered", m => m == marker);
    }

    protected Task<ConversationView> View(Guid conversationId) => Conversation(conversationId).GetView();

    protected IConversationGrain Conversation(Guid id) => Grains.GetGrain<IConversationGrain>(id);

    protected ICounselorGrain Counselor(string id) => Grains.GetGrain<ICounselorGrain>(id);

    protected IQueueGrain Queue(string name = "emotional.zh") => Grains.GetGrain<IQueueGrain>(name);
}

/// <summary>Records what grains send to browsers, and lets a test wait for a particular event.</summary>
public sealed class RecordingHubNode : IHubNode
{
    private readonly EventLog<(string Audience, ClientEvent Event)> _events = new();

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

    public IReadOnlyList<ClientEvent> All => _events.Entries.Select(e => e.Event).ToList();

    public IReadOnlyList<ClientEvent> ForWorker(Guid conversationId) => For($"worker:{conversationId}");

    public IReadOnlyList<ClientEvent> ForCounselor(string counselorId) => For($"counselor:{counselorId}");

    public async Task<T> WaitFor<T>(string audience, string name, Func<T, bool>? match = null)
    {
        var hit = await _events.WaitFor(
            e => e.Audience == audience && e.Event.Name == name && (match?.Invoke((T)e.Event.Payload) ?? true),
            () => $"No {name} event for {audience}. Seen: {string.Join(", ", For(audience).Select(e => e.Name))}");
        return (T)hit.Event.Payload;
    }

    /// <summary>Waits until what has been recorded so far satisfies <paramref name="holds"/>.</summary>
    public Task WaitUntil(Func<bool> holds, string what) => _events.WaitUntil(_ => holds(), () => $"Never: {what}");

    public Task<T> WaitForMonitors<T>(Guid conversationId, string name, Func<T, bool>? match = null) => WaitFor($"monitors:{conversationId}", name, match);

    public Task<T> WaitForWorker<T>(Guid conversationId, string name, Func<T, bool>? match = null) => WaitFor($"worker:{conversationId}", name, match);

    public Task<T> WaitForCounselor<T>(string counselorId, string name, Func<T, bool>? match = null) => WaitFor($"counselor:{counselorId}", name, match);

    private IReadOnlyList<ClientEvent> For(string audience) => _events.Entries.Where(e => e.Audience == audience).Select(e => e.Event).ToList();

    private Task Record(string audience, ClientEvent e)
    {
        _events.Add((audience, e));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Records what the reminder service does (Orleans' diagnostic events, which every silo in the process shares), so a
/// test can wait until a silo has a reminder loaded and waiting, or has delivered its tick.
/// </summary>
public sealed class RecordingReminders : IObserver<ReminderEvents.ReminderEvent>, IDisposable
{
    private readonly EventLog<ReminderEvents.ReminderEvent> _events = new();
    private readonly IDisposable _subscription;

    public RecordingReminders() => _subscription = ReminderEvents.AllEvents.Subscribe(this);

    /// <summary>Waits for an event of kind <typeparamref name="T"/> about <paramref name="grain"/>'s reminder on <paramref name="silo"/>.</summary>
    public async Task<T> WaitFor<T>(GrainId grain, string reminderName, SiloAddress silo) where T : ReminderEvents.ReminderEvent =>
        (T)await _events.WaitFor(
            e => e is T && e.GrainId == grain && e.ReminderName == reminderName && silo.Equals(e.SiloAddress),
            () => $"No {typeof(T).Name} for the reminder {reminderName} of {grain} on {silo}");

    public void OnNext(ReminderEvents.ReminderEvent value) => _events.Add(value);

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose() => _subscription.Dispose();
}
