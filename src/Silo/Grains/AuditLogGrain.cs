using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Hotline.Silo.Storage;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Logging;

namespace Hotline.Silo.Grains;

/// <summary>Where the chain stands, and what the archive has yet to take: a few fields, and only as many entries as wait.</summary>
[GenerateSerializer, Alias("hotline.AuditHeadState")]
public sealed record AuditHeadState
{
    /// <summary>The UTC day of the newest entry, null before the first.</summary>
    [Id(0)] public DateOnly? Day { get; set; }

    /// <summary>How many entries <see cref="Day"/> holds.</summary>
    [Id(1)] public int Count { get; set; }

    [Id(2)] public string LastHash { get; set; } = AuditChain.Genesis;

    /// <summary>What the first entry of <see cref="Day"/> follows: the last HMAC of the day before.</summary>
    [Id(3)] public string DayFirstPrevious { get; set; } = AuditChain.Genesis;

    /// <summary>The segment that holds the last entry of the day before <see cref="Day"/>.</summary>
    [Id(4)] public string? DayPreviousSegment { get; set; }

    [Id(5)] public int Total { get; set; }

    /// <summary>Entries the archive has not taken yet, in chain order.</summary>
    [Id(6)] public List<ChainedAuditEntry> Waiting { get; set; } = [];

    /// <summary>Heads of days closed since, still to be written to the archive.</summary>
    [Id(7)] public List<AuditDayHead> ClosedHeads { get; set; } = [];
}

/// <summary>
/// The head of the audit log: who read or stepped into which conversation, or changed which account. Each entry is
/// chained with an HMAC onto the one before (<see cref="AuditChain"/>), filed in its UTC day's segment
/// (<see cref="IAuditDayGrain"/>, a page of at most <see cref="AuditSegments.PageSize"/> entries), and the head's few
/// fields are stored before the caller gets what they asked for. Then the entries, and the day's sealed head, go to
/// the <see cref="IAuditArchive"/>; what storage refuses waits here and <see cref="ArchiveRetry"/> writes it when it
/// answers again. A day is closed, and its head sealed as such, when the next day's first entry is recorded.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit-head")] IPersistentState<AuditHeadState> state,
    AuditChain chain,
    IAuditArchive archive,
    ILogger<AuditLogGrain> logger) : Grain, IAuditLogGrain, IRemindable
{
    private ArchiveRetry _retry = null!;

    private AuditHeadState Head => state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _retry = new ArchiveRetry(this, "audit-archive-retry", WriteWaiting, logger);
        if (Head.Waiting.Count > 0 || Head.ClosedHeads.Count > 0)
            _retry.Resume();
        return Task.CompletedTask;
    }

    public async Task Record(AuditEntry entry)
    {
        // An entry stamped a moment before midnight that arrives after the next day began joins that day: days never go back.
        var stamped = DateOnly.FromDateTime(entry.At.UtcDateTime);
        var day = Head.Day is { } current && current > stamped ? current : stamped;
        var newDay = Head.Day != day;
        var index = newDay ? 0 : Head.Count;
        var previousSegment = newDay ? (Head.Day is { } last ? AuditSegments.KeyOf(last, Head.Count - 1) : null) : Head.DayPreviousSegment;
        var pageStart = index - index % AuditSegments.PageSize;
        var chained = chain.Seal(Head.LastHash, day, index, entry);

        // Filed first: if storing the head then fails, the step fails, and the next entry takes this place in the page.
        await GrainFactory.GetGrain<IAuditDayGrain>(AuditSegments.KeyOf(day, index))
            .Put(chained, pageStart > 0 ? AuditSegments.KeyOf(day, pageStart - 1) : previousSegment);

        if (newDay)
        {
            if (Head.Day is { } closing)
                Head.ClosedHeads.Add(chain.SealHead(closing, Head.Count, Head.DayFirstPrevious, Head.LastHash, closed: true));
            (Head.DayFirstPrevious, Head.DayPreviousSegment) = (Head.LastHash, previousSegment);
        }
        (Head.Day, Head.Count, Head.LastHash) = (day, index + 1, chained.Hash);
        Head.Total++;
        Head.Waiting.Add(chained);
        // Reloaded if refused: an entry kept in memory would be stored with the next one, for a step that never happened.
        await state.WriteOrReload(this);
        if (!_retry.Scheduled)
            await _retry.Attempt();
    }

    public async Task<IReadOnlyList<AuditEntry>> For(Guid conversationId)
    {
        var newest = await Newest(int.MaxValue);
        return newest.Select(e => e.Entry).Where(e => e.ConversationId == conversationId).Reverse().ToList();
    }

    public async Task<AuditPage> Latest(int take)
    {
        var newest = await Newest(Math.Clamp(take, 1, 1000));
        // Only the page is checked, and that it ends where the head says the chain ends; the verifier checks the rest.
        var page = newest.AsEnumerable().Reverse().ToList();
        var broken = chain.FirstBroken(page);
        if (broken < 0 && page.Count > 0 && page[^1].Hash != Head.LastHash)
            broken = page.Count - 1;
        return new AuditPage(newest, Head.Total, broken < 0, broken < 0 ? -1 : Head.Total - page.Count + broken);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => _retry.Reminded();

    /// <summary>Up to <paramref name="take"/> entries, newest first, from the newest segment back.</summary>
    private async Task<List<ChainedAuditEntry>> Newest(int take)
    {
        var newest = new List<ChainedAuditEntry>();
        if (Head.Day is not { } day)
            return newest;
        var segment = AuditSegments.KeyOf(day, Head.Count - 1);
        var newestSegment = true;
        while (segment is not null && newest.Count < take)
        {
            var read = await GrainFactory.GetGrain<IAuditDayGrain>(segment).Read();
            // The newest page may hold an entry filed for a step whose head write failed: it never happened.
            var entries = newestSegment ? read.Entries.Where(e => e.Index < Head.Count) : read.Entries;
            newest.AddRange(entries.Reverse().Take(take - newest.Count));
            (segment, newestSegment) = (read.Previous, false);
        }
        return newest;
    }

    private async Task WriteWaiting()
    {
        if (Head.Waiting.Count == 0 && Head.ClosedHeads.Count == 0)
            return;
        await archive.Append(Head.Waiting);
        foreach (var closed in Head.ClosedHeads)
            await archive.PutHead(closed);
        // The open day's head, so that the archive alone shows a cut tail of today too.
        await archive.PutHead(chain.SealHead(Head.Day!.Value, Head.Count, Head.DayFirstPrevious, Head.LastHash, closed: false));
        // Saved with the next entry, not now: a stale list only makes the archive skip lines and rewrite heads it already holds.
        Head.Waiting.Clear();
        Head.ClosedHeads.Clear();
    }
}
