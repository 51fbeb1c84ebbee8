using Hotline.Contracts;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Records;
using Orleans.Concurrency;

namespace Hotline.Silo.Grains;

/// <summary>Reads archived records for a person: the read is audited first, and a tampered record is reported, never shown.</summary>
[StatelessWorker]
public sealed class ArchiveGrain(ITranscriptArchive archive, TimeProvider clock) : Grain, IArchiveGrain
{
    public async Task<ArchiveRecord> Read(Guid conversationId, string readerId)
    {
        await GrainFactory.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(readerId, AuditActions.ArchiveRead, conversationId, clock.GetUtcNow()));
        try
        {
            return await archive.Get(conversationId)
                ?? throw new HotlineException(RefusalCodes.ArchiveNotFound, Refusal.NotFound, "There is no archived record of this conversation: it is not closed yet, or its retention time has passed.");
        }
        catch (ArchiveUnavailableException)
        {
            throw new HotlineException(RefusalCodes.ArchiveUnavailable, Refusal.Unavailable, "The archive's storage cannot be reached right now. Records closed meanwhile are kept and written when it is back; try again in a minute.");
        }
        catch (ArchiveTamperedException e)
        {
            throw new HotlineException(RefusalCodes.ArchiveTampered, "This archived record failed its integrity check and is not shown. {why}", ("why", e.Message));
        }
    }
}
