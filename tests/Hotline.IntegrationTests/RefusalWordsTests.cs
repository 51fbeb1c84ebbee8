using System.Text.RegularExpressions;
using Hotline.Contracts;

namespace Hotline.IntegrationTests;

/// <summary>
/// Every refusal code the server can send has a sentence in both languages' words/&lt;lang&gt;/refusals.js: a
/// Chinese page never falls back to English, and an English page never shows Chinese.
/// </summary>
public sealed partial class RefusalWordsTests
{
    private static readonly string Words = Path.Combine(HotlineServer.RepositoryRoot(), "src", "Web", "wwwroot", "words");

    [Fact]
    public void Every_code_has_a_sentence_in_both_languages()
    {
        var zh = Sentences("zh");
        var en = Sentences("en");
        Assert.Empty(RefusalCodes.All.Except(zh.Keys));
        Assert.Empty(RefusalCodes.All.Except(en.Keys));
        Assert.Equal(zh.Keys.Order(), en.Keys.Order());
        Assert.Equal(RefusalCodes.All.Count, RefusalCodes.All.Distinct().Count());
        Assert.All(RefusalCodes.All, code => Assert.Matches("^[a-z0-9-]+\\.[a-z0-9.-]+$", code));
        Assert.All(zh, entry => Assert.True(Han().IsMatch(entry.Value), $"{entry.Key}: the Chinese sentence has no Chinese: {entry.Value}"));
        Assert.All(en, entry => Assert.False(Han().IsMatch(entry.Value), $"{entry.Key}: the English sentence has Chinese: {entry.Value}"));
        // A sentence may leave out a parameter, but not name one the other language does not have.
        Assert.All(zh, entry => Assert.True(Holes(entry.Value).IsSubsetOf(Holes(en[entry.Key])), $"{entry.Key}: zh names {{holes}} en does not"));
    }

    [Fact]
    public void Both_languages_merge_the_refusals()
    {
        foreach (var language in new[] { "zh", "en" })
        {
            var merged = File.ReadAllText(Path.Combine(Words, $"{language}.js"));
            Assert.Contains($"import refusals from \"./{language}/refusals.js\";", merged);
            Assert.Matches(@"\.\.\.refusals\b", merged);
        }
    }

    private static Dictionary<string, string> Sentences(string language) =>
        Entry().Matches(File.ReadAllText(Path.Combine(Words, language, "refusals.js")))
            .ToDictionary(m => m.Groups["code"].Value, m => Regex.Unescape(m.Groups["text"].Value));

    private static HashSet<string> Holes(string sentence) => Hole().Matches(sentence).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"^\s*""(?<code>[a-z0-9.-]+)"":\s*""(?<text>(?:[^""\\]|\\.)*)"",?\s*$", RegexOptions.Multiline)]
    private static partial Regex Entry();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Hole();
}
