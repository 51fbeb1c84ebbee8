using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Records;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

/// <summary>What happens when storage refuses a write: nothing goes on from a state that was never stored.</summary>
public sealed class RefusedWriteTests : HotlineTestCluster
{
    private const string Supervisor = "supervisor-wang";

    private IAuditLogGrain AuditLog => Grains.GetGrain<IAuditLogGrain>(0);

    [Fact]
    public async Task A_message_whose_write_is_refused_is_not_there_for_the_next_call()
    {
        var (conversationId, _) = await ActiveConversation("hello");
        var stored = (await View(conversationId)).Messages.Count;

        Refusals.RefuseNextWrite("conversation", Conversation(conversationId).GetGrainId());
        await Assert.ThrowsAsync<OrleansException>(() => Conversation(conversationId).PostWorkerMessage("never stored", ClientIds.New()));
        Assert.False(Refusals.Waiting("conversation", Conversation(conversationId).GetGrainId()));

        var view = await View(conversationId);
        Assert.Equal(stored, view.Messages.Count);
        Assert.DoesNotContain(view.Messages, m => m.Text == "never stored");
        var next = await Conversation(conversationId).PostWorkerMessage("stored", ClientIds.New());
        Assert.Equal(stored + 1, next.Seq);
    }

    [Fact]
    public async Task A_supervisor_step_whose_audit_entry_is_refused_does_not_happen()
    {
        var (conversationId, counselorId) = await ActiveConversation();
        var free = await CounselorOnDuty(name: "Counsellor Zhao");
        var conversation = Conversation(conversationId);
        var before = (await View(conversationId)).Messages.Count;

        await Refused(() => conversation.Monitor(Supervisor));
        await Refused(() => conversation.Whisper(Supervisor, "王督导", "Ask about sleep."));
        await Refused(() => conversation.Join(Supervisor, "王督导"));
        await Refused(() => Counselor(free).TakeReassignment(conversationId, Supervisor));
        await Refused(() => conversation.BlockWorker(Supervisor, asSupervisor: true, "abuse"));
        await Refused(() => conversation.OpenHistory(counselorId));

        // Each step awaits its effects before it returns, and the barrier below brings in the events they sent.
        var view = await View(conversationId);
        Assert.Equal((counselorId, before), (view.CounselorId, view.Messages.Count));
        await EventsDelivered();
        Assert.DoesNotContain(Events.ForCounselor(counselorId), e => e.Name is "WhisperReceived" or "ConversationEnded");
        Assert.DoesNotContain(Events.ForCounselor(free), e => e.Name == "ConversationAssigned");
        Assert.Empty((await Counselor(free).GetStatus()).Conversations);
        Assert.DoesNotContain(Events.ForWorker(conversationId), e => e.Name == "MessageReceived" && ((ChatMessage)e.Payload).Sender == Sender.System);
        await Assert.ThrowsAsync<HotlineException>(() => conversation.PostSupervisorMessage(Supervisor, "not joined", ClientIds.New()));
        Assert.Empty(await Grains.GetGrain<IBlockListGrain>(0).Active());
        Assert.Empty(await AuditLog.For(conversationId));

        await conversation.EndByCounselor(counselorId);
        await conversation.SubmitWrapUp(counselorId, new WrapUp("emotional", RiskLevel.R1, "counselling", null));
        await Refused(() => Grains.GetGrain<IArchiveGrain>(0).Read(conversationId, Supervisor));
        Assert.Empty(await AuditLog.For(conversationId));

        // Once storage takes the entry, the same step goes ahead.
        await Grains.GetGrain<IArchiveGrain>(0).Read(conversationId, Supervisor);
        Assert.Equal([AuditActions.ArchiveRead], (await AuditLog.For(conversationId)).Select(a => a.Action));
    }

    /// <summary>Fails the audit log's next write, and checks that <paramref name="step"/> tried it and failed with it.</summary>
    private async Task Refused(Func<Task> step)
    {
        var auditLog = AuditLog.GetGrainId();
        Refusals.RefuseNextWrite("audit-head", auditLog);
        await Assert.ThrowsAsync<OrleansException>(step);
        Assert.False(Refusals.Waiting("audit-head", auditLog), "the step never wrote its audit entry");
    }
}
