using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hotline.Contracts.Supervision;
using Microsoft.Extensions.Configuration;

namespace Hotline.Silo.Supervision;

/// <summary>
/// The audit log's chain: each entry's HMAC-SHA256 covers the previous entry's HMAC, its day and place in the day, and
/// its own fields, so altering, removing or reordering any entry breaks it; and, being keyed, it cannot be recomputed
/// by someone who rewrites the log without the key. Each day's head (<see cref="AuditDayHead"/>) is sealed with the
/// same key, so a cut tail shows too.
/// </summary>
public sealed class AuditChain
{
    public const string ConfigurationKey = "Hotline:Audit:ChainKey";

    /// <summary>The label under which the embedded profile derives the key from the token-signing key, when none is configured.</summary>
    public const string DerivationPurpose = "hotline audit chain v1";

    /// <summary>What the log's first entry follows.</summary>
    public static readonly string Genesis = new('0', 64);

    private readonly byte[] _key;

    public AuditChain(byte[] key)
    {
        if (key.Length < 32)
            throw new InvalidOperationException($"{ConfigurationKey} must be at least 32 bytes (base64).");
        _key = key;
    }

    /// <summary>Hotline:Audit:ChainKey (base64), or null when it is not configured.</summary>
    public static AuditChain? FromConfiguration(IConfiguration configuration)
    {
        if (configuration[ConfigurationKey] is not { Length: > 0 } text)
            return null;
        try
        {
            return new AuditChain(Convert.FromBase64String(text));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{ConfigurationKey} is not base64.", e);
        }
    }

    /// <summary>Every silo of a cluster, and the verifier, must key the chain alike, so there it is never derived or generated.</summary>
    public static AuditChain Required(IConfiguration configuration) => FromConfiguration(configuration)
        ?? throw new InvalidOperationException($"The cluster profile needs {ConfigurationKey} (base64, 32 random bytes), the same on every silo: it keys the audit log's chain.");

    public ChainedAuditEntry Seal(string previous, DateOnly day, int index, AuditEntry entry) =>
        new(entry, previous, MacOf(previous, day, index, entry), day, index);

    /// <summary>Whether the entry's HMAC is the one its fields, place and predecessor give.</summary>
    public bool Holds(ChainedAuditEntry entry) => SameMac(entry.Hash, MacOf(entry.PreviousHash, entry.Day, entry.Index, entry.Entry));

    /// <summary>
    /// The position of the first entry whose HMAC does not hold or that does not follow the one before it, or -1. The
    /// first entry is taken to follow what it says it follows: a page of the log is checked without the rest.
    /// </summary>
    public int FirstBroken(IReadOnlyList<ChainedAuditEntry> chain)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (!Holds(chain[i]) || (i > 0 && chain[i].PreviousHash != chain[i - 1].Hash))
                return i;
        }
        return -1;
    }

    public AuditDayHead SealHead(DateOnly day, int count, string firstPrevious, string last, bool closed) =>
        new(day, count, firstPrevious, last, closed, HeadMacOf(day, count, firstPrevious, last, closed));

    public bool Holds(AuditDayHead head) => SameMac(head.Mac, HeadMacOf(head.Day, head.Count, head.FirstPreviousHash, head.LastHash, head.Closed));

    private string MacOf(string previous, DateOnly day, int index, AuditEntry entry) => Mac(
        "entry", previous, Text(day), index.ToString(CultureInfo.InvariantCulture), entry.Actor, entry.Action,
        entry.ConversationId.ToString("N"), entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture), entry.Subject ?? "");

    private string HeadMacOf(DateOnly day, int count, string firstPrevious, string last, bool closed) =>
        Mac("head", Text(day), count.ToString(CultureInfo.InvariantCulture), firstPrevious, last, closed ? "closed" : "open");

    private string Mac(params string[] fields)
    {
        // Length-prefixed fields, so that no value can be shifted into its neighbour; the first names what is sealed,
        // so an entry's MAC can never pass for a head's.
        var text = string.Concat(fields.Select(f => $"{f.Length}:{f};"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));
    }

    private static bool SameMac(string claimed, string computed) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(claimed), Encoding.ASCII.GetBytes(computed));

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
