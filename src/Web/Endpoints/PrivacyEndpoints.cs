using Hotline.Contracts.Conversations;
using Hotline.Silo;

namespace Hotline.Web.Endpoints;

/// <param name="NoticeVersion">The privacy notice now in force; a page must have shown this one for StartChat to take its "I agree".</param>
/// <param name="RetentionDays">How long records are kept after a conversation closes (<c>Hotline:Retention:Days</c>), as the notice says.</param>
public sealed record PrivacyFacts(string NoticeVersion, int RetentionDays);

/// <summary>The privacy notice in full (<c>/privacy</c>) and the facts the worker page's short notice shows.</summary>
public static class PrivacyEndpoints
{
    public static WebApplication MapPrivacyApi(this WebApplication app)
    {
        app.MapGet("/api/privacy", (IConfiguration configuration) => new PrivacyFacts(PrivacyNotice.Version, RetentionDays(configuration)));
        // The full notice, linked from the worker page and named in the texts; a page of its own, in both languages.
        app.MapGet("/privacy", (IWebHostEnvironment environment) =>
            Results.File(environment.WebRootFileProvider.GetFileInfo("privacy.html").CreateReadStream(), "text/html; charset=utf-8"));
        return app;
    }

    /// <summary>Read from configuration, as retention itself reads it: a web node of the cluster hosts no retention grain.</summary>
    public static int RetentionDays(IConfiguration configuration) =>
        (configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new()).Days;
}
