namespace Hotline.Contracts.Supervision;

/// <summary>
/// Who read or stepped into which conversation, or changed which account, and how. Written before the read is
/// answered. <paramref name="Subject"/> names an account for account changes, the report read, or a canned reply for its
/// edits (the conversation id is then empty).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditEntry")]
public sealed record AuditEntry(string Actor, string Action, Guid ConversationId, DateTimeOffset At, string? Subject = null);

/// <summary>
/// An audit entry in its place in the chain: the <paramref name="Index"/>-th entry of its UTC <paramref name="Day"/>,
/// and an HMAC-SHA256 (<paramref name="Hash"/>, keyed by Hotline:Audit:ChainKey) over its fields, its place and the
/// previous entry's HMAC (<paramref name="PreviousHash"/>, across day boundaries too). Without the key nobody can
/// alter, remove, reorder or append an entry and make the chain agree.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.ChainedAuditEntry")]
public sealed record ChainedAuditEntry(AuditEntry Entry, string PreviousHash, string Hash, DateOnly Day = default, int Index = 0);

/// <summary>
/// The newest entries, newest first. <paramref name="Intact"/> says whether these entries' HMACs hold and link up to
/// the newest one the log knows (only the page is checked; <c>audit verify</c> checks the whole archived chain);
/// <paramref name="FirstBroken"/> is the number of the first entry that does not (counted from the log's first), or -1.
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditPage")]
public sealed record AuditPage(IReadOnlyList<ChainedAuditEntry> Entries, int Total, bool Intact, int FirstBroken);

/// <summary>
/// The audit log's head (one, key 0): it chains each entry onto the one before, files it in its day's segment
/// (<see cref="IAuditDayGrain"/>) and copies entries and day heads to the archive.
/// </summary>
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    Task Record(AuditEntry entry);

    /// <summary>Every entry about one conversation, oldest first. Reads every segment: for investigations and tests, not for pages.</summary>
    Task<IReadOnlyList<AuditEntry>> For(Guid conversationId);

    /// <summary>The newest entries (at most 1000), read from the newest segments back.</summary>
    Task<AuditPage> Latest(int take);
}

/// <summary>What an audit entry records: stable codes, worded by the console (words/&lt;lang&gt;/supervisor.js, <c>auditAction.*</c>).</summary>
public static class AuditActions
{
    public const string Monitor = "monitor";
    public const string Whisper = "whisper";
    public const string Join = "join";
    public const string Reassign = "reassign";
    public const string AcknowledgeAlert = "acknowledge-alert";
    public const string Block = "block";
    public const string LiftBlock = "lift-block";
    public const string ArchiveRead = "archive-read";
    public const string EarlierConversationsRead = "earlier-conversations-read";
    public const string Retention = "retention";
    public const string ReportRead = "report-read";
    public const string EditCannedReply = "edit-canned-reply";
    public const string DeleteCannedReply = "delete-canned-reply";
    public const string AccountCreate = "account-create";
    public const string AccountUpdate = "account-update";
    public const string ProfileUpdate = "profile-update";
    public const string AccountDisable = "account-disable";
    public const string AccountEnable = "account-enable";
    public const string SignOut = "sign-out";
    public const string SecondFactorEnrol = "second-factor-enrol";
    public const string SecondFactorRecoveryCode = "second-factor-recovery-code";
    public const string SecondFactorReset = "second-factor-reset";
    public const string EditLine = "edit-line";

    public static readonly IReadOnlyList<string> All =
    [
        Monitor, Whisper, Join, Reassign, AcknowledgeAlert, Block, LiftBlock, ArchiveRead, EarlierConversationsRead, Retention,
        ReportRead, EditCannedReply, DeleteCannedReply, AccountCreate, AccountUpdate, ProfileUpdate, AccountDisable, AccountEnable,
        SignOut,
        SecondFactorEnrol, SecondFactorRecoveryCode, SecondFactorReset,
        EditLine,
    ];
}
