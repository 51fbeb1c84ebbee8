namespace Hotline.Contracts.Counselors;

/// <summary>The line's canned replies (one, key 0): every counsellor reads them, supervisors edit them.</summary>
public interface ICannedRepliesGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<CannedReply>> All();

    /// <summary>Adds the reply, or replaces the one with its id; audited with the supervisor's id.</summary>
    Task<CannedReply> Save(CannedReply reply, string supervisorId);

    Task Delete(string id, string supervisorId);
}
