using System.Buffers.Binary;

namespace Hotline.Contracts.Records;

/// <summary>
/// Where conversations leave their archive records. A record is kept in the outbox's own state until the archive
/// has it, so a closed conversation is never lost while storage is down.
/// </summary>
public interface IArchiveOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Returns once the record is stored in the outbox; it is written to the archive now if storage answers, or later.</summary>
    Task Hold(ArchiveRecord record);

    /// <summary>How many records still wait for the archive.</summary>
    Task<int> Waiting();
}

public static class ArchiveOutboxes
{
    public const int Count = 8;

    /// <summary>The outbox a conversation uses: always the same one, so that its later record (with the survey) follows the earlier.</summary>
    public static IArchiveOutboxGrain ArchiveOutboxFor(this IGrainFactory grains, Guid conversationId) =>
        grains.GetGrain<IArchiveOutboxGrain>(ShardOf(conversationId));

    public static int ShardOf(Guid conversationId) => (int)(BinaryPrimitives.ReadUInt32LittleEndian(conversationId.ToByteArray()) % Count);
}
