using System.Globalization;
using System.Text;
using System.Text.Json;
using Hotline.Contracts.Conversations;
using Hotline.Silo.Routing;

namespace Hotline.Silo.Safety;

public sealed record RiskHit(string Phrase, RiskLevel Level);

/// <summary>
/// Screens worker text against the risk phrases of seeds/risk-phrases.json. Both sides are folded the same way
/// (NFKC, so full-width letters and digits become plain; lower case; no spaces or punctuation), so "自 杀",
/// "ＫＩＬＬ ｍｙｓｅｌｆ" and "kill-myself" all match. It errs on the side of a hit: a counsellor assesses each one.
/// </summary>
public sealed class RiskScreen
{
    private readonly IReadOnlyList<(string Folded, RiskHit Hit)> _phrases;

    public RiskScreen(IEnumerable<RiskHit> phrases) =>
        _phrases = phrases.Select(p => (Fold(p.Phrase), p)).Where(p => p.Item1.Length > 0).ToList();

    /// <summary>The most serious phrase in the text, or null.</summary>
    public RiskHit? Screen(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var folded = Fold(text);
        return _phrases.Where(p => folded.Contains(p.Folded, StringComparison.Ordinal))
            .Select(p => p.Hit)
            .OrderByDescending(h => RiskPriority.Of(h.Level))
            .FirstOrDefault();
    }

    public static string Fold(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var folded = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || category == UnicodeCategory.Format)
                continue;
            folded.Append(c);
        }
        return folded.ToString();
    }

    public static RiskScreen Load(string path)
    {
        using var file = File.OpenRead(path);
        var seed = JsonSerializer.Deserialize<Seed>(file, SeedJson) ?? throw new InvalidDataException($"{path} is empty.");
        return new RiskScreen(seed.Phrases.Select(p => new RiskHit(p.Text, p.Level)));
    }

    public static RiskScreen LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, "seeds", "risk-phrases.json"));

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerOptions.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private sealed record Phrase(string Text, RiskLevel Level);

    private sealed record Seed(List<Phrase> Phrases);
}
