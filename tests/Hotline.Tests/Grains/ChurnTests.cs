using System.Collections.Concurrent;
using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Workers;
using Hotline.Silo.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Hotline.Tests.Grains;

/// <summary>
/// 200 workers and 20 counsellors of random skills and caps, doing everything at once in random order on a real
/// test cluster: accept, decline, let offers expire, disconnect and come back (or not), transfer, end, write
/// wrap-ups. Pages resend some messages with the same id, as after a lost answer, and the notifier drops, delays and
/// doubles chat deliveries. Afterwards every conversation must be Closed or Abandoned, none ever believed held by two
/// counsellors, every message sent must be there exactly once, in order, and each worker's page, repairing gaps by
/// seq, must show exactly that.
/// </summary>
public sealed class ChurnTests(ITestOutputHelper output) : HotlineTestCluster
{
    private const int Workers = 200;
    private const int Counselors = 20;
    private const string Accept = "accept";
    private const string TransferToQueue = "transfer to a queue";
    private const string HandOver = "hand-over to a counsellor";
    // The topics a worker may start with (the staff-only "non-service" is refused to them).
    private static readonly string[] Topics =
        ["emotional", "romance-marriage", "family", "parenting", "work-career", "gig-work", "women-worker", "interpersonal", "personal-growth", "health", "life-events", "information"];
    private static readonly string[] Queues = ["emotional.zh", "family.zh", "work.zh", "information.zh", "emotional.en", "family.en", "work.en", "information.en", "general"];

    private readonly SeededDeliveryFaults _faults = new(seed: 2026) { Enabled = true };
    private readonly ConcurrentDictionary<(Guid Conversation, long Seq), string> _sent = new();
    private readonly List<Guid> _conversations = [];
    private readonly ConcurrentDictionary<(string Kind, string Outcome), int> _moves = new();
    private int _messageCounter;

    protected override void ConfigureSilo(ISiloBuilder silo) => silo.Services.AddSingleton<IDeliveryFaults>(_faults);

    [Theory]
    [InlineData(20261124)]
    [InlineData(7)]
    [InlineData(424242)]
    public async Task Under_churn_no_conversation_is_stuck_double_held_or_missing_a_message(int seed)
    {
        var started = DateTime.UtcNow;
        try
        {
            await Run(new Random(seed));
        }
        catch (Exception e)
        {
            throw new Exception($"Churn failed with seed {seed}: {e.Message}", e);
        }
        var views = await Task.WhenAll(_conversations.Select(View));
        var events = Events.All;
        output.WriteLine($"seed {seed}: {_conversations.Count} conversations ({views.Count(v => v.Status == ConversationStatus.Closed)} closed, " +
            $"{views.Count(v => v.Status == ConversationStatus.Abandoned)} abandoned, {views.Count(v => v.TransferNote is not null)} transferred), " +
            $"{_sent.Count} messages, {events.Count(e => e.Name == "OfferWithdrawn")} offers withdrawn or expired, " +
            $"{events.Count(e => e.Name == "PresenceChanged")} set Away for missed offers, " +
            $"{views.Sum(v => v.Messages.Count(m => m.Sender == Sender.System))} system lines, {(DateTime.UtcNow - started).TotalSeconds:F1} s; " +
            $"deliveries dropped {_faults.Dropped}, doubled {_faults.Duplicated}, delayed {_faults.Delayed}");
        foreach (var move in _moves.OrderBy(m => m.Key.Kind).ThenBy(m => m.Key.Outcome))
            output.WriteLine($"  {move.Key.Kind}: {move.Key.Outcome} {move.Value}");
        // An offer the churn answers is still open, and a transfer to a queue always has somewhere to go: few refusals.
        // A hand-over goes to a counsellor picked at random, often busy, away or the one handing over: some go through.
        TookMostOf(Accept, share: 0.9, atLeast: 100);
        TookMostOf(TransferToQueue, share: 0.9, atLeast: 20);
        TookMostOf(HandOver, share: 0.25, atLeast: 5);

    }

    private async Task Run(Random random)
    {
        var counselors = await StaffUp(random);
        var workers = new List<Worker>();

        for (var round = 0; round < 60; round++)
        {
            for (var i = 0; i < 5 && workers.Count < Workers; i++)
                workers.Add(await StartWorker(random, workers.Count));

            var decisions = counselors.Select(c => (c, Seed: random.Next())).ToList();
            await Task.WhenAll(decisions.Select(d => Act(d.c, new Random(d.Seed), draining: false)));
            var workerDecisions = workers.Select(w => (w, Seed: random.Next())).ToList();
            await Task.WhenAll(workerDecisions.Select(d => Act(d.w, new Random(d.Seed))));

            await Advance(TimeSpan.FromSeconds(random.Next(1, 16)));
            if (round % 10 == 9)
                await CheckNoConversationIsHeldByTwo(counselors);
        }

        // Drain: everyone comes back and works until no conversation is open.
        for (var round = 0; ; round++)
        {
            var open = await OpenConversations();
            if (open.Count == 0)
                break;
            if (round == 100)
                throw new Exception($"{open.Count} conversations are stuck: {string.Join(", ", open.Take(10))}");
            var decisions = counselors.Select(c => (c, Seed: random.Next())).ToList();
            await Task.WhenAll(decisions.Select(d => Act(d.c, new Random(d.Seed), draining: true)));
            await Advance(TimeSpan.FromSeconds(31));
        }

        await CheckNoConversationIsHeldByTwo(counselors);
        await CheckEveryMessageIsThereOnce();
        await CheckEveryWorkerPageShowsItsTranscript();
    }

    private async Task<List<Staff>> StaffUp(Random random)
    {
        var staff = new List<Staff>();
        for (var i = 0; i < Counselors; i++)
        {
            var topics = Topics.OrderBy(_ => random.Next()).Take(random.Next(2, 7)).ToList();
            // Everyone speaks Chinese but a few; some speak English too, so both languages are always covered.
            string[] languages = i switch { 0 => ["en"], 1 or 2 or 3 => ["zh", "en"], _ => ["zh"] };
            var id = $"churn-{i}";
            await Counselor(id).SetProfile(new CounselorProfile($"Counsellor {i}", topics, languages, random.Next(1, 5)));
            var member = new Staff(id);
            await Counselor(id).Connected(member.NewConnection());
            await Counselor(id).SetPresence(Presence.Available);
            staff.Add(member);
        }
        return staff;
    }

    private async Task<Worker> StartWorker(Random random, int index)
    {
        var worker = new Worker(Guid.NewGuid(), $"worker-{index}");
        string? topic = random.Next(10) == 0 ? null : Topics[random.Next(Topics.Length)];
        var language = random.Next(10) == 0 ? "en" : "zh";
        var text = NextText("first");
        await Grains.GetGrain<IWorkerGrain>(worker.Key).StartChat(worker.ConversationId, Channel.Web, topic, language, text, PrivacyNotice.Version);
        _sent[(worker.ConversationId, 1)] = text;
        lock (_conversations)
            _conversations.Add(worker.ConversationId);
        await Conversation(worker.ConversationId).WorkerConnected(worker.NewConnection());
        return worker;
    }

    private async Task Act(Worker worker, Random random)
    {
        if (worker.Gone)
            return;
        var conversation = Conversation(worker.ConversationId);
        var roll = random.Next(100);
        if (roll < 30)
            await Refusable("worker message", () => Post(worker.ConversationId, id => conversation.PostWorkerMessage(NextText("worker"), id), retry: random.Next(5) == 0));
        else if (roll < 32)
        {
            worker.Gone = true;
            await Refusable("worker end", conversation.EndByWorker);
        }
        else if (roll < 34)
        {
            await Refusable("worker reconnect", async () =>
            {
                await conversation.WorkerDisconnected(worker.Connection!);
                if (random.Next(2) == 0)
                    await conversation.WorkerConnected(worker.NewConnection());
                else
                    worker.Gone = true;
            });
        }
    }

    private async Task Act(Staff staff, Random random, bool draining)
    {
        var counselor = Counselor(staff.Id);
        if (staff.Disconnected)
        {
            if (!draining && random.Next(3) != 0)
                return;
            await counselor.Connected(staff.NewConnection());
            staff.Disconnected = false;
        }

        var status = await counselor.GetStatus();
        if (status.Presence != Presence.Available && (draining || random.Next(4) == 0))
            await counselor.SetPresence(Presence.Available);

        if (status.PendingOffer is { } offer)
        {
            var roll = draining ? 0 : random.Next(100);
            if (roll < 60)
                await Refusable(Accept, () => counselor.AcceptOffer(offer.OfferId));
            else if (roll < 75)
                await Refusable("decline", () => counselor.DeclineOffer(offer.OfferId));
            // else: let it expire.
        }

        foreach (var view in await counselor.GetConversations())
        {
            var conversation = Conversation(view.ConversationId);
            var roll = random.Next(100);
            if (view.Status == ConversationStatus.WrapUp)
            {
                if (draining || roll < 70)
                    await Refusable("wrap-up", () => conversation.SubmitWrapUp(staff.Id, new WrapUp(Topics[random.Next(Topics.Length)], RiskLevel.R0, "counselling", null)));
            }
            else if (view.Status == ConversationStatus.Active)
            {
                if (draining || roll < 12)
                    await Refusable("counsellor end", () => conversation.EndByCounselor(staff.Id));
                else if (roll < 50)
                    await Refusable("counsellor message", () => Post(view.ConversationId, id => conversation.PostCounselorMessage(staff.Id, NextText("counselor"), id), retry: random.Next(5) == 0));
                else if (roll < 53)
                    await Refusable(TransferToQueue, () => conversation.TransferTo(staff.Id, Queues[random.Next(Queues.Length)], "churn transfer"));
                else if (roll < 56)
                    await Refusable(HandOver, () => Counselor($"churn-{random.Next(Counselors)}").TakeTransfer(view.ConversationId, staff.Id, "churn hand-over"));
            }
        }

        if (!draining)
        {
            var roll = random.Next(100);
            if (roll < 4)
            {
                await counselor.Disconnected(staff.Connection!);
                staff.Disconnected = true;
                // Half come back within the grace time, half stay away until a later round.
                if (random.Next(2) == 0)
                {
                    await counselor.Connected(staff.NewConnection());
                    staff.Disconnected = false;
                }
            }
            else if (roll < 6)
            {
                await counselor.SetPresence(Presence.Away);
            }
        }
    }

    /// <summary>Sends with a new client id; on <paramref name="retry"/> sends again with the same id, which must store nothing new.</summary>
    private async Task Post(Guid conversationId, Func<string, Task<ChatMessage>> post, bool retry)
    {
        var clientMessageId = ClientIds.New();
        var message = await post(clientMessageId);
        Assert.True(_sent.TryAdd((conversationId, message.Seq), message.Text), $"seq {message.Seq} of {conversationId} was given twice");
        if (retry)
            Assert.Equal(message, await post(clientMessageId));
    }

    private string NextText(string who) => $"{who}-{Interlocked.Increment(ref _messageCounter)}";

    /// <summary>
    /// The hotline may refuse a move that the churn made too late (the offer expired, the worker left); it must say
    /// so, not fail. Each move is counted by kind, done or refused (and why), so that refusing everything cannot pass.
    /// </summary>
    private async Task Refusable(string kind, Func<Task> action)
    {
        try
        {
            await action();
            _moves.AddOrUpdate((kind, "done"), 1, (_, n) => n + 1);
        }
        catch (HotlineException e)
        {
            _moves.AddOrUpdate((kind, $"refused ({e.Refusal})"), 1, (_, n) => n + 1);
        }
    }

    private void TookMostOf(string kind, double share, int atLeast)
    {
        var done = _moves.GetValueOrDefault((kind, "done"));
        var tried = _moves.Where(m => m.Key.Kind == kind).Sum(m => m.Value);
        Assert.True(done >= atLeast && done >= share * tried, $"{kind}: {done} of {tried} went through; at least {atLeast} and {share:P0} must");
    }

    private async Task<List<Guid>> OpenConversations()
    {
        var views = await Task.WhenAll(_conversations.Select(View));
        return views.Where(v => v.Status is not (ConversationStatus.Closed or ConversationStatus.Abandoned)).Select(v => v.ConversationId).ToList();
    }

    /// <summary>
    /// Each conversation's owner names at most one counsellor, and exactly that counsellor's seat list holds it.
    /// Seat lists are told one-way, so this is checked until it holds (it must, within seconds), never assumed.
    /// </summary>
    private async Task CheckNoConversationIsHeldByTwo(List<Staff> staff)
    {
        using var deadline = new CancellationTokenSource(Eventually.Deadline);
        string problem;
        while (true)
        {
            problem = await HeldByTwoProblem(staff);
            if (problem.Length == 0 || deadline.IsCancellationRequested)
                break;
            await Task.Delay(50);
        }
        Assert.True(problem.Length == 0, problem);
    }

    private async Task<string> HeldByTwoProblem(List<Staff> staff)
    {
        var holders = new Dictionary<Guid, List<string>>();
        foreach (var member in staff)
        {
            foreach (var id in (await Counselor(member.Id).GetStatus()).Conversations)
            {
                holders.TryAdd(id, []);
                holders[id].Add(member.Id);
            }
        }
        foreach (var (id, who) in holders)
        {
            if (who.Count > 1)
                return $"{id} is held by {string.Join(" and ", who)}";
            var view = await View(id);
            if (view.Status != ConversationStatus.Active || view.CounselorId != who[0])
                return $"{who[0]} holds {id}, but it is {view.Status} with {view.CounselorId ?? "nobody"}";
        }
        foreach (var view in await Task.WhenAll(_conversations.Select(View)))
        {
            if (view.Status == ConversationStatus.Active && !holders.ContainsKey(view.ConversationId))
                return $"{view.ConversationId} is active with {view.CounselorId}, whose seats do not list it";
        }
        return "";
    }

    private async Task CheckEveryMessageIsThereOnce()
    {
        foreach (var view in await Task.WhenAll(_conversations.Select(View)))
        {
            Assert.Equal(Enumerable.Range(1, view.Messages.Count).Select(i => (long)i), view.Messages.Select(m => m.Seq));
            foreach (var message in view.Messages.Where(m => m.Sender != Sender.System))
                Assert.True(_sent.TryGetValue((view.ConversationId, message.Seq), out var text) && text == message.Text,
                    $"{view.ConversationId} #{message.Seq} '{message.Text}' was never sent so");
        }
        var stored = (await Task.WhenAll(_conversations.Select(View))).SelectMany(v => v.Messages.Select(m => (v.ConversationId, m.Seq))).ToHashSet();
        var lost = _sent.Keys.Where(k => !stored.Contains(k)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged messages are missing, e.g. {string.Join(", ", lost.Take(5))}");
    }

    /// <summary>Each worker's page, following its events in the order they came and repairing gaps, then a head check.</summary>
    private async Task CheckEveryWorkerPageShowsItsTranscript()
    {
        _faults.ReleaseAll();
        foreach (var id in _conversations)
        {
            var page = new TranscriptFollower(() => Events.ForWorker(id), after => Conversation(id).GetMessagesAfter(after));
            await page.Follow();
            await page.CatchUp();
            Assert.Equal((await Conversation(id).GetMessagesAfter(0)).Messages, page.Shown);
        }
        Assert.True(_faults.Dropped > 0 && _faults.Duplicated > 0 && _faults.Delayed > 0);
    }

    private sealed class Staff(string id)
    {
        private int _connections;

        public string Id { get; } = id;

        public string? Connection { get; private set; }

        public bool Disconnected { get; set; }

        public string NewConnection() => Connection = $"{Id}-page-{++_connections}";
    }

    private sealed class Worker(Guid conversationId, string name)
    {
        private int _connections;

        public Guid ConversationId { get; } = conversationId;

        public string Key { get; } = Guid.NewGuid().ToString("N");

        public string? Connection { get; private set; }

        public bool Gone { get; set; }

        public string NewConnection() => Connection = $"{name}-tab-{++_connections}";
    }
}
