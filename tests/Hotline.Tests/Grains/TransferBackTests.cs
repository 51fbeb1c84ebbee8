using Hotline.Contracts;
using Hotline.Contracts.Conversations;
using Hotline.Contracts.Counselors;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Hotline.Tests.Grains;

/// <summary>
/// A conversation handed straight back to the counsellor who just handed it over (issue 15), while that counsellor's
/// grain is itself waiting on the conversation: a page reload, or going offline. The first hand-over's one-way notice
/// to them is lost, so they still list the conversation, and the hand-back is held until their grain has called the
/// conversation. Calls time out after 10 s here, not 30: a deadlock fails sooner, and a working hand-over takes
/// milliseconds.
/// </summary>
public sealed class TransferBackTests : HotlineTestCluster
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(10);
    private readonly CallFaults _faults = new();
    private readonly CallHold _hold = new();

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.AddIncomingGrainCallFilter(_faults);
        silo.AddOutgoingGrainCallFilter(_hold);
        silo.Services.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout);
    }

    protected override void ConfigureClient(IClientBuilder client)
    {
        client.AddOutgoingGrainCallFilter(_hold);
        client.Services.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ResponseTimeout);
    }

    [Fact]
    public async Task A_conversation_handed_straight_back_during_a_reload_reaches_the_first_counsellor_and_the_reload_answers()
    {
        var (conversationId, first, colleague) = await HandedOverWithTheNoticeLost();

        HoldTheHandBackUntil(nameof(IConversationGrain.GetView), conversationId);
        var handBack = HandBack(conversationId, colleague, first);
        var reload = Counselor(first).GetConversations();
        await Task.WhenAll(handBack, reload);

        Assert.Equal(1, _hold.Holds);
        Assert.Contains(await reload, v => v.ConversationId == conversationId);
        var view = await View(conversationId);
        Assert.Equal((first, ConversationStatus.Active), (view.CounselorId, view.Status));
        Assert.Equal([conversationId], (await Counselor(first).GetConversations()).Select(v => v.ConversationId));
        await Eventually.Shows(async () => (await Counselor(colleague).GetStatus()).Conversations, held => held.Count == 0, "the colleague's seat freed");
        await Conversation(conversationId).PostCounselorMessage(first, "我回来了", ClientIds.New());

        // The lost notice of the first hand-over arrives after all, late: it must not take the conversation back off their desk.
        var ran = _faults.Ran<ICounselorGrain>(nameof(ICounselorGrain.ConversationHandedOver));
        await Counselor(first).ConversationHandedOver(conversationId);
        await Eventually.Shows(() => Task.FromResult(_faults.Ran<ICounselorGrain>(nameof(ICounselorGrain.ConversationHandedOver))), n => n == ran + 1, "the late notice handled");
        Assert.Equal([conversationId], (await Counselor(first).GetStatus()).Conversations);
    }

    [Fact]
    public async Task A_conversation_handed_straight_back_as_the_first_counsellor_goes_offline_is_refused_in_words()
    {
        var (conversationId, first, colleague) = await HandedOverWithTheNoticeLost();
        await Counselor(first).Connected("page-1");
        await Counselor(first).Disconnected("page-1");

        HoldTheHandBackUntil(nameof(IConversationGrain.ReturnToQueue), conversationId);
        var handBack = HandBack(conversationId, colleague, first);
        await Advance(TimeSpan.FromSeconds(11));

        var refused = await Assert.ThrowsAsync<HotlineException>(() => handBack);
        Assert.Contains("not free", refused.Message);
        Assert.Equal(1, _hold.Holds);
        var view = await View(conversationId);
        Assert.Equal((colleague, ConversationStatus.Active), (view.CounselorId, view.Status));
        var status = await Counselor(first).GetStatus();
        Assert.Equal((Presence.Offline, 0), (status.Presence, status.Conversations.Count));
    }

    /// <summary>The first counsellor hands the conversation to a colleague, and the one-way notice to them is lost: they still list it.</summary>
    private async Task<(Guid ConversationId, string First, string Colleague)> HandedOverWithTheNoticeLost()
    {
        var (conversationId, first) = await ActiveConversation();
        var colleague = await CounselorOnDuty(name: "Counsellor Wang");
        _faults.DropOnce<ICounselorGrain>(nameof(ICounselorGrain.ConversationHandedOver));
        await Counselor(colleague).TakeTransfer(conversationId, first, "over to you");
        await Eventually.Shows(() => Task.FromResult(_faults.Dropped), dropped => dropped == 1, "the lost ConversationHandedOver");
        Assert.Equal([conversationId], (await Counselor(first).GetStatus()).Conversations);
        return (conversationId, first, colleague);
    }

    /// <summary>The hand-back's TakeTransfer goes out only once the first counsellor's grain has sent <paramref name="cue"/> to the conversation.</summary>
    private void HoldTheHandBackUntil(string cue, Guid conversationId) =>
        _hold.HoldUntil<ICounselorGrain, IConversationGrain>(nameof(ICounselorGrain.TakeTransfer), cue, Conversation(conversationId).GetGrainId());

    private Task HandBack(Guid conversationId, string from, string to) =>
        Counselor(to).TakeTransfer(conversationId, from, "back to you");
}
