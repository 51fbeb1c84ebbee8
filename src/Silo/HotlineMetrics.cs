using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Hotline.Silo;

/// <summary>
/// The hotline's own meters (meter "Hotline"), exported with Orleans' at /metrics: how many wait per queue,
/// answered and abandoned conversations, the message rate, how long offers take to be accepted, and what retention
/// runs do. Counts only: no ids, no text.
/// </summary>
public sealed class HotlineMetrics : IDisposable
{
    public const string MeterName = "Hotline";

    private readonly Meter _meter = new(MeterName);
    private readonly ConcurrentDictionary<string, int> _waiting = new();
    private readonly Counter<long> _answered;
    private readonly Counter<long> _abandoned;
    private readonly Counter<long> _messages;
    private readonly Histogram<double> _offerLatency;
    private readonly Counter<long> _backupOffers;
    private readonly Counter<long> _retentionRuns;
    private readonly Counter<long> _retentionDeleted;
    private readonly Counter<long> _retentionSkipped;

    public HotlineMetrics()
    {
        _meter.CreateObservableGauge("hotline.queue.waiting",
            () => _waiting.Select(q => new Measurement<int>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))),
            description: "Conversations waiting, per queue.");
        _answered = _meter.CreateCounter<long>("hotline.conversations.answered", description: "Conversations answered by a counsellor.");
        _abandoned = _meter.CreateCounter<long>("hotline.conversations.abandoned", description: "Conversations whose worker left before an answer.");
        _messages = _meter.CreateCounter<long>("hotline.messages", description: "Chat messages stored, by sender.");
        _offerLatency = _meter.CreateHistogram<double>("hotline.offer.latency", unit: "s", description: "From an offer to its acceptance.");
        _backupOffers = _meter.CreateCounter<long>("hotline.backup.offers", description: "Offers of a conversation to a counsellor of a line above its own, by how many levels up.");
        _retentionRuns = _meter.CreateCounter<long>("hotline.retention.runs", description: "Retention runs finished.");
        _retentionDeleted = _meter.CreateCounter<long>("hotline.retention.conversations.deleted", description: "Conversations deleted by retention.");
        _retentionSkipped = _meter.CreateCounter<long>("hotline.retention.records.skipped", description: "Records retention could not read or delete, left for the next run.");
    }

    public void Waiting(string queue, int count) => _waiting[queue] = count;

    public void Answered(string queue) => _answered.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void Abandoned(string queue) => _abandoned.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void Message(string sender) => _messages.Add(1, new KeyValuePair<string, object?>("sender", sender));

    public void OfferAccepted(TimeSpan latency) => _offerLatency.Record(latency.TotalSeconds);

    public void BackupOffered(int levelsUp) => _backupOffers.Add(1, new KeyValuePair<string, object?>("levels_up", levelsUp));

    public void RetentionRan(int deleted, int skipped)
    {
        _retentionRuns.Add(1);
        _retentionDeleted.Add(deleted);
        _retentionSkipped.Add(skipped);
    }

    public void Dispose() => _meter.Dispose();
}
