using System.Text.RegularExpressions;
using System.Web;
using Hotline.Contracts;

namespace Hotline.IntegrationTests;

/// <summary>
/// What a refused hub call brings back. Only a HubException thrown by the product reaches the client with the
/// "HubException: " prefix; a crash ("An unexpected error occurred invoking…") or an argument-binding failure
/// ("Failed to invoke…") arrives without it, and is not a refusal. After the prefix comes
/// <c>code|params|English sentence</c> (docs/DESIGN.md, "Refusals: codes and words").
/// </summary>
public static partial class HubRefusal
{
    private const string Prefix = "HubException: ";

    public sealed record Refused(string Code, IReadOnlyDictionary<string, string> Params, string Sentence);

    /// <summary>The product's English sentence, after checking that it is a plain, coded refusal and not a failure.</summary>
    public static async Task<string> Of(string what, Func<Task> call) => (await Coded(what, call)).Sentence;

    /// <summary>The refusal's code, params and sentence, after the same checks.</summary>
    public static async Task<Refused> Coded(string what, Func<Task> call) =>
        Parse(what, await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(call));

    public static string Sentence(string what, Microsoft.AspNetCore.SignalR.HubException refused) => Parse(what, refused).Sentence;

    public static Refused Parse(string what, Microsoft.AspNetCore.SignalR.HubException refused)
    {
        var at = refused.Message.IndexOf(Prefix, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{what}: not a refusal but a failure: '{refused.Message}'");
        var coded = Shape().Match(refused.Message[(at + Prefix.Length)..]);
        Assert.True(coded.Success, $"{what}: a refusal without its code|params|sentence shape: '{refused.Message}'");
        var code = coded.Groups["code"].Value;
        Assert.True(RefusalCodes.All.Contains(code), $"{what}: the code '{code}' is not in RefusalCodes");
        var query = HttpUtility.ParseQueryString(coded.Groups["params"].Value);
        var parameters = query.AllKeys.ToDictionary(key => key!, key => query[key]!);
        var sentence = coded.Groups["sentence"].Value;
        Assert.True(sentence.Length > 15 && !sentence.Contains(" at ") && !sentence.Contains("Exception"), $"{what}: a refusal that leaks internals or says nothing: '{refused.Message}'");
        return new Refused(code, parameters, sentence);
    }

    [GeneratedRegex(@"^(?<code>[a-z0-9.-]+)\|(?<params>[^|]*)\|(?<sentence>.*)$", RegexOptions.Singleline)]
    private static partial Regex Shape();
}
