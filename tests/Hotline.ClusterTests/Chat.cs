using Microsoft.AspNetCore.SignalR;

using System.Diagnostics;

namespace Hotline.ClusterTests;

/// <summary>
/// One conversation between a worker and a counsellor, keeping every message the hotline acknowledged (returned a
/// seq for), so that a test can prove nothing acknowledged was lost, reordered or duplicated across a fault.
/// </summary>
public sealed class Chat(WorkerSession worker, CounselorSession counselor, Guid conversationId, string resumeToken)
{
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);
    private readonly List<(long Seq, string Text)> _acknowledged = [];
    private int _attempts;

    public WorkerSession Worker { get; set; } = worker;

    public CounselorSession Counselor { get; set; } = counselor;

    public Guid ConversationId => conversationId;

    public string ResumeToken => resumeToken;

    /// <summary>Every message the hotline acknowledged, in the order it acknowledged them.</summary>
    public IReadOnlyList<(long Seq, string Text)> Acknowledged => _acknowledged;

    /// <summary>Each side says one thing and the other side sees it; <paramref name="cancellationToken"/> stops the exchange where it is.</summary>
    public async Task Exchange(string label, CancellationToken cancellationToken = default)
    {
        var fromWorker = $"{label}: worker {++_attempts}";
        var seq = (await Worker.Send(fromWorker, cancellationToken)).Seq;
        _acknowledged.Add((seq, fromWorker));
        await Counselor.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == seq && m.Text == fromWorker, cancellationToken: cancellationToken);

        var fromCounselor = $"{label}: counsellor {++_attempts}";
        seq = (await Counselor.Send(conversationId, fromCounselor, cancellationToken)).Seq;
        _acknowledged.Add((seq, fromCounselor));
        await Worker.Events.WaitFor<ChatMessage>("MessageReceived", m => m.Seq == seq && m.Text == fromCounselor, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Right after a fault: tries an exchange, each attempt bounded, until one goes through; returns how long that
    /// took. A failed attempt is not acknowledged, so it may or may not be in the record; its text is unique.
    /// Each attempt is cancelled, not abandoned, when its time is up: it has ended before the next one starts, so
    /// only one exchange at a time ever adds to <see cref="Acknowledged"/>.
    /// </summary>
    public async Task<TimeSpan> GoesOnAfter(string fault)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var attempt = new CancellationTokenSource(Attempt);
            try
            {
                await Exchange(fault, attempt.Token);
                return clock.Elapsed;
            }
            catch (Exception e) when (e is HubException or TimeoutException or InvalidOperationException or IOException or OperationCanceledException && clock.Elapsed < Deadline)
            {
                // Not going on yet: the next attempt, a moment later, is a fresh message.
                await Task.Delay(RetryInterval);
            }
        }
    }

    /// <summary>The record, read back through <paramref name="site"/> by a fresh tab: every acknowledged message at its seq, seqs 1…n, no text twice.</summary>
    public async Task CheckRecord(IHotlineSite site)
    {
        // Only the connection is closed afterwards: disposing the session would end the chat, as a worker's "end" does.
        var reader = await WorkerSession.Connect(site);
        await using var connection = reader.Connection;
        var record = await reader.Resume(resumeToken);
        var messages = record.Messages;
        Assert.Equal(Enumerable.Range(1, messages.Count).Select(i => (long)i), messages.Select(m => m.Seq));
        Assert.Equal(messages.Count, messages.Select(m => m.Text).Distinct().Count());
        foreach (var (seq, text) in _acknowledged)
            Assert.Equal(text, messages.Single(m => m.Seq == seq).Text);
        Assert.Equal(_acknowledged.Select(a => a.Seq).Order(), _acknowledged.Select(a => a.Seq));
    }

    public static async Task<Chat> Start(WorkerSession worker, CounselorSession counselor)
    {
        await counselor.SetPresence("Available");
        var started = await worker.StartChat("我最近压力很大，想找人聊聊");
        await counselor.Accept((await counselor.NextOffer(started.ConversationId)).OfferId);
        return new Chat(worker, counselor, started.ConversationId, started.ResumeToken);
    }
}
