namespace Hotline.Contracts.Supervision;

/// <summary>
/// Who read or stepped into which conversation, or changed which account, and how. Written before the read is
/// answered. <paramref name="Subject"/> names an account for account changes (the conversation id is then empty).
/// </summary>
[GenerateSerializer, Immutable, Alias("hotline.AuditEntry")]
public sealed record AuditEntry(string Actor, string Action, Guid ConversationId, DateTimeOffset At, string? Subject = null);

public interface IAuditLogGrain : IGrainWithIntegerKey
{
    Task Record(AuditEntry entry);

    Task<IReadOnlyList<AuditEntry>> For(Guid conversationId);
}

public static class AuditActions
{
    public const string Monitor = "monitor";
    public const string Whisper = "whisper";
    public const string Join = "join";
    public const string Reassign = "reassign";
    public const string AcknowledgeAlert = "acknowledge-alert";
    public const string Block = "block";
    public const string LiftBlock = "lift-block";
}
