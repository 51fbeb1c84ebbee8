namespace Hotline.IntegrationTests;

/// <summary>
/// What a refused hub call brings back. Only a HubException thrown by the product reaches the client with the
/// "HubException: " prefix; a crash ("An unexpected error occurred invoking…") or an argument-binding failure
/// ("Failed to invoke…") arrives without it, and is not a refusal.
/// </summary>
public static class HubRefusal
{
    private const string Prefix = "HubException: ";

    /// <summary>The product's sentence, after checking that it is a plain refusal and not a failure.</summary>
    public static async Task<string> Of(string what, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(call);
        return Sentence(what, refused);
    }

    public static string Sentence(string what, Microsoft.AspNetCore.SignalR.HubException refused)
    {
        var at = refused.Message.IndexOf(Prefix, StringComparison.Ordinal);
        Assert.True(at >= 0, $"{what}: not a refusal but a failure: '{refused.Message}'");
        var sentence = refused.Message[(at + Prefix.Length)..];
        Assert.True(sentence.Length > 15 && !sentence.Contains(" at ") && !sentence.Contains("Exception"), $"{what}: a refusal that leaks internals or says nothing: '{refused.Message}'");
        return sentence;
    }
}
