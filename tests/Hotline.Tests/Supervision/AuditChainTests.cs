using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;

namespace Hotline.Tests.Supervision;

public sealed class AuditChainTests
{
    private static List<ChainedAuditEntry> Chain(int length)
    {
        var chain = new List<ChainedAuditEntry>();
        for (var i = 0; i < length; i++)
            chain.Add(AuditChain.Append(chain, new AuditEntry($"supervisor-{i}", AuditActions.Monitor, Guid.NewGuid(), new DateTimeOffset(2026, 11, 24, 8, i, 0, TimeSpan.Zero))));
        return chain;
    }

    [Fact]
    public void An_untouched_chain_verifies() => Assert.Equal(-1, AuditChain.FirstBroken(Chain(5)));

    [Fact]
    public void An_altered_entry_is_found()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Actor = "someone-else" } };
        Assert.Equal(2, AuditChain.FirstBroken(chain));
    }

    [Fact]
    public void A_deleted_entry_is_found()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        Assert.Equal(1, AuditChain.FirstBroken(chain));
    }

    [Fact]
    public void A_rehashed_forgery_of_one_entry_still_breaks_the_next()
    {
        var chain = Chain(5);
        var forged = chain[2].Entry with { Action = AuditActions.Join };
        chain[2] = new ChainedAuditEntry(forged, chain[2].PreviousHash, AuditChain.Append(chain.Take(2).ToList(), forged).Hash);
        Assert.Equal(3, AuditChain.FirstBroken(chain));
    }

    [Fact]
    public void Fields_cannot_be_shifted_into_each_other()
    {
        var at = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var one = AuditChain.Append([], new AuditEntry("ab", "c", id, at));
        var two = AuditChain.Append([], new AuditEntry("a", "bc", id, at));
        Assert.NotEqual(one.Hash, two.Hash);
    }
}
