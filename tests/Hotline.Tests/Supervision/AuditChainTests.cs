using System.Security.Cryptography;
using Hotline.Contracts.Supervision;
using Hotline.Silo.Supervision;
using Microsoft.Extensions.Configuration;

namespace Hotline.Tests.Supervision;

public sealed class AuditChainTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);
    private readonly AuditChain _chain = new(RandomNumberGenerator.GetBytes(32));

    private List<ChainedAuditEntry> Chain(int length, AuditChain? chain = null)
    {
        var entries = new List<ChainedAuditEntry>();
        for (var i = 0; i < length; i++)
            entries.Add((chain ?? _chain).Seal(i == 0 ? AuditChain.Genesis : entries[^1].Hash, Day, i,
                new AuditEntry($"supervisor-{i}", AuditActions.Monitor, Guid.NewGuid(), new DateTimeOffset(2026, 11, 24, 8, i, 0, TimeSpan.Zero))));
        return entries;
    }

    [Fact]
    public void An_untouched_chain_verifies() => Assert.Equal(-1, _chain.FirstBroken(Chain(5)));

    [Fact]
    public void An_altered_entry_is_found()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Entry = chain[2].Entry with { Actor = "someone-else" } };
        Assert.Equal(2, _chain.FirstBroken(chain));
    }

    [Fact]
    public void A_deleted_entry_is_found()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        Assert.Equal(1, _chain.FirstBroken(chain));
    }

    [Fact]
    public void An_entry_moved_to_another_place_or_day_no_longer_holds()
    {
        var entry = Chain(3)[2];
        Assert.True(_chain.Holds(entry));
        Assert.False(_chain.Holds(entry with { Index = 1 }));
        Assert.False(_chain.Holds(entry with { Day = Day.AddDays(1) }));
    }

    [Fact]
    public void A_chain_rewritten_without_the_key_does_not_hold()
    {
        // An attacker who rewrites the whole log, recomputing every MAC with a key of their own.
        var forged = Chain(5, new AuditChain(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(0, _chain.FirstBroken(forged));
    }

    [Fact]
    public void The_mac_is_keyed_HMAC_SHA256_over_the_length_prefixed_fields()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var entry = new AuditEntry("wang", "monitor", Guid.Empty, new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), null);
        var text = $"5:entry;64:{AuditChain.Genesis};10:2026-11-24;1:0;4:wang;7:monitor;32:{Guid.Empty:N};{entry.At.UtcTicks.ToString().Length}:{entry.At.UtcTicks};0:;";
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(text)));
        Assert.Equal(expected, new AuditChain(key).Seal(AuditChain.Genesis, Day, 0, entry).Hash);
    }

    [Fact]
    public void A_head_holds_only_with_its_own_counts_and_key()
    {
        var head = _chain.SealHead(Day, 5, AuditChain.Genesis, new string('a', 64), closed: true);
        Assert.True(_chain.Holds(head));
        Assert.False(_chain.Holds(head with { Count = 4 }));
        Assert.False(_chain.Holds(head with { Closed = false }));
        Assert.False(new AuditChain(RandomNumberGenerator.GetBytes(32)).Holds(head));
    }

    [Fact]
    public void Fields_cannot_be_shifted_into_each_other()
    {
        var at = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();
        var one = _chain.Seal(AuditChain.Genesis, Day, 0, new AuditEntry("ab", "c", id, at));
        var two = _chain.Seal(AuditChain.Genesis, Day, 0, new AuditEntry("a", "bc", id, at));
        Assert.NotEqual(one.Hash, two.Hash);
    }

    [Fact]
    public void The_key_comes_from_configuration_in_base64_and_a_short_or_missing_one_is_refused()
    {
        IConfiguration Settings(string? key) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AuditChain.ConfigurationKey] = key }).Build();
        var key = RandomNumberGenerator.GetBytes(32);
        var entry = new AuditEntry("wang", "monitor", Guid.Empty, DateTimeOffset.UnixEpoch);
        Assert.Equal(new AuditChain(key).Seal(AuditChain.Genesis, Day, 0, entry), AuditChain.Required(Settings(Convert.ToBase64String(key))).Seal(AuditChain.Genesis, Day, 0, entry));
        Assert.Null(AuditChain.FromConfiguration(Settings(null)));
        Assert.Throws<InvalidOperationException>(() => AuditChain.Required(Settings(null)));
        Assert.Throws<InvalidOperationException>(() => AuditChain.FromConfiguration(Settings(Convert.ToBase64String(new byte[16]))));
        Assert.Throws<InvalidOperationException>(() => AuditChain.FromConfiguration(Settings("not base64!")));
    }
}
