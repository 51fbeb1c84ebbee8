using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Delivery;
using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Grains;

/// <summary>What supervisors (and, for blocks, counsellors) do to a conversation: each step is audited before it happens.</summary>
public sealed partial class ConversationGrain
{
    public async Task<string> OpenHistory(string counselorId)
    {
        EnsureHeldBy(counselorId);
        await Audit(counselorId, AuditActions.EarlierConversationsRead);
        return S.WorkerKey;
    }

    public Task<EarlierConversation?> GetSummary() => Task.FromResult(state.RecordExists
        ? new EarlierConversation(Id, S.CreatedAt, S.Channel, S.Topic, S.Status, S.RiskLevel, S.WrapUp?.Action, S.WrapUp?.Notes, S.CounselorName)
        : null);

    public Task RaiseAlert(string reason, RiskLevel riskLevel, IReadOnlyDictionary<string, string>? parameters) =>
        AlertSupervisors(reason, riskLevel, trigger: null, parameters);

    /// <summary>
    /// The one way this conversation alerts supervisors: with who holds it (null: nobody, it waits in its queue) and
    /// its queue. <paramref name="reason"/> is one of <see cref="AlertReasons"/>.
    /// </summary>
    private Task AlertSupervisors(string reason, RiskLevel riskLevel, AlertTrigger? trigger = null, IReadOnlyDictionary<string, string>? parameters = null) =>
        GrainFactory.GetGrain<ISupervisionGrain>(LineId).RaiseAlert(new RiskRaised(
            Id, riskLevel, reason, S.CounselorId, S.CounselorId is null ? null : S.CounselorName, S.QueueName, trigger, parameters, LineId));

    public async Task<ConversationView> Monitor(string supervisorId)
    {
        EnsureExists();
        await Audit(supervisorId, AuditActions.Monitor);
        return await View();
    }

    public async Task<Whisper> Whisper(string supervisorId, string supervisorName, string text)
    {
        EnsureExists();
        if (S.Status != ConversationStatus.Active || S.CounselorId is not { } counselorId)
            throw new HotlineException(RefusalCodes.WhisperNoCounselor, "A whisper goes to the counsellor of an active conversation; this one has none now.");
        var whisper = new Whisper(Id, supervisorId, supervisorName, MessageText.Validate(text, Limits.MaxMessageLength), clock.GetUtcNow());
        await Audit(supervisorId, AuditActions.Whisper);
        S.Whispers.Add(whisper);
        await Commit();
        var e = ClientEvents.WhisperReceived(whisper);
        await Notifier.ToCounselor(counselorId, e);
        await Notifier.ToMonitors(Id, e);
        return whisper;
    }

    public async Task<ConversationView> Join(string supervisorId, string supervisorName)
    {
        EnsureExists();
        if (!IsWaiting && S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.JoinEnded, "This conversation has ended; there is nothing to join.");
        await Audit(supervisorId, AuditActions.Join);
        if (S.JoinedSupervisors.Add(supervisorId))
        {
            var message = await Append(Sender.System, S.Language == "en" ? "A supervisor joined the conversation." : "一位督导加入了对话。", clock.GetUtcNow());
            await Commit();
            await Publish(message);
        }
        return await View();
    }

    public async Task<ChatMessage> PostSupervisorMessage(string supervisorId, string text, string clientMessageId)
    {
        EnsureExists();
        if (!S.JoinedSupervisors.Contains(supervisorId))
            throw new HotlineException(RefusalCodes.SupervisorNotJoined, "Join the conversation before writing in it; to speak to the counsellor alone, whisper.");
        if (await AlreadyStored(Sender.Supervisor, clientMessageId) is { } stored)
            return stored;
        if (!IsWaiting && S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.ConversationEnded, "This conversation has ended, so no more messages can be sent in it.");
        var message = await Append(Sender.Supervisor, MessageText.Validate(text, Limits.MaxMessageLength), clock.GetUtcNow(), clientMessageId);
        await Commit();
        await Publish(message);
        return message;
    }

    public async Task Reassign(string supervisorId, string counselorId, string counselorName)
    {
        EnsureExists();
        if (S.Status != ConversationStatus.Active)
            throw new HotlineException(RefusalCodes.ReassignNotActive, "Only an active conversation can be reassigned; a waiting one is offered by its queue.");
        if (S.CounselorId == counselorId)
            throw new HotlineException(RefusalCodes.ReassignSameCounselor, "That counsellor already holds this conversation.");
        await Audit(supervisorId, AuditActions.Reassign);
        await HandOverTo(counselorId, counselorName, "Reassigned by a supervisor.", EndReasons.Reassigned);
    }

    public async Task<Block> BlockWorker(string actorId, bool asSupervisor, string? reason, int? hours = null)
    {
        EnsureExists();
        if (!asSupervisor && S.CounselorId != actorId)
            throw new HotlineException(RefusalCodes.BlockNotYours, "Only the counsellor who holds this conversation, or a supervisor, can block its worker.");
        if (reason is { Length: > 500 })
            throw new HotlineException(RefusalCodes.BlockReasonTooLong, "The reason is too long; the limit is {max} characters.", ("max", 500));
        if (S.Channel == Channel.Web && S.WorkerKey.Length == 0)
            throw new HotlineException(RefusalCodes.BlockNoWorker, "This conversation has no worker to block.");
        if (hours is { } chosen && !BlockLengths.Hours.Contains(chosen))
            throw new HotlineException(RefusalCodes.BlockLengthInvalid, "Choose how long the block lasts: 1 hour, 24 hours, 7 days or 30 days.");
        var until = hours is { } length ? clock.GetUtcNow().AddHours(length) : clock.GetUtcNow().AddDays(supervisionOptions.Value.BlockDays);
        await Audit(actorId, AuditActions.Block);
        var block = await GrainFactory.GetGrain<IBlockListGrain>(0).Add(S.WorkerKey, Id, actorId, reason, until);
        await GrainFactory.GetGrain<Contracts.Workers.IWorkerGrain>(S.WorkerKey).Block(until);
        return block;
    }
}
