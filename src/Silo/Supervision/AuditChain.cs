using System.Security.Cryptography;
using System.Text;
using Hotline.Contracts.Supervision;

namespace Hotline.Silo.Supervision;

/// <summary>
/// The audit log's hash chain: each entry's hash covers the previous entry's hash and its own fields, so altering,
/// removing or reordering any entry breaks every hash after it.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    public static ChainedAuditEntry Append(IReadOnlyList<ChainedAuditEntry> chain, AuditEntry entry)
    {
        var previous = chain.Count == 0 ? Genesis : chain[^1].Hash;
        return new ChainedAuditEntry(entry, previous, HashOf(previous, entry));
    }

    /// <summary>The index of the first entry that does not hash to what the chain says, or -1 when the chain is intact.</summary>
    public static int FirstBroken(IReadOnlyList<ChainedAuditEntry> chain)
    {
        var previous = Genesis;
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i].PreviousHash != previous || chain[i].Hash != HashOf(previous, chain[i].Entry))
                return i;
            previous = chain[i].Hash;
        }
        return -1;
    }

    private static string HashOf(string previous, AuditEntry entry)
    {
        // Length-prefixed fields, so that no value can be shifted into its neighbour.
        var fields = new[] { previous, entry.Actor, entry.Action, entry.ConversationId.ToString("N"), entry.At.UtcTicks.ToString(), entry.Subject ?? "" };
        var text = string.Concat(fields.Select(f => $"{f.Length}:{f};"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
