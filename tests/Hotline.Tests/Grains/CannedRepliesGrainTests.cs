using Hotline.Contracts;
using Hotline.Contracts.Counselors;
using Hotline.Contracts.Supervision;

namespace Hotline.Tests.Grains;

public sealed class CannedRepliesGrainTests : HotlineTestCluster
{
    [Fact]
    public async Task Canned_replies_start_from_the_seed_and_keep_supervisors_edits_across_a_restart()
    {
        var replies = Grains.GetGrain<ICannedRepliesGrain>(0);
        var seeded = await replies.All();
        Assert.Contains(seeded, r => r.Id == "ask-safety");

        await replies.Save(new CannedReply("greeting", " 问候 ", "Hello", "您好", "Hello there"), "supervisor-wang");
        await replies.Delete("ask-safety", "supervisor-wang");
        await RestartSilo();

        var stored = await Grains.GetGrain<ICannedRepliesGrain>(0).All();
        Assert.Equal(seeded.Count - 1, stored.Count);
        Assert.Equal(new CannedReply("greeting", "问候", "Hello", "您好", "Hello there"), stored.Single(r => r.Id == "greeting"));
        Assert.DoesNotContain(stored, r => r.Id == "ask-safety");
    }

    [Fact]
    public async Task Edits_are_audited_and_an_unknown_reply_cannot_be_deleted()
    {
        var replies = Grains.GetGrain<ICannedRepliesGrain>(0);
        await replies.Save(new CannedReply("night-shift", "夜班", "Night shift", "夜班很辛苦。", "Night shifts are hard."), "supervisor-wang");

        var missing = await Assert.ThrowsAsync<HotlineException>(() => replies.Delete("no-such-reply", "supervisor-wang"));
        Assert.Equal(Refusal.NotFound, missing.Refusal);
        var audit = await Grains.GetGrain<IAuditLogGrain>(0).Latest(10);
        var entry = Assert.Single(audit.Entries).Entry;
        Assert.Equal(("supervisor-wang", AuditActions.EditCannedReply, "night-shift"), (entry.Actor, entry.Action, entry.Subject));
    }
}
