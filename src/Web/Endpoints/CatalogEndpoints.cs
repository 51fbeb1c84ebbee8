using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Silo.Routing;

namespace Hotline.Web.Endpoints;

/// <param name="QuickExitResumeSeconds">How long, after a quick exit, the page offers to continue the conversation on that device.</param>
public sealed record ChatLimits(int MaxMessageLength, int QuickExitResumeSeconds);

/// <param name="Local">The ids of the cards the line itself names (its union's heart station, say), among <paramref name="Cards"/>.</param>
/// <param name="Cards">Every card a counsellor can send into a chat of the line.</param>
public sealed record LineReferrals(string Line, IReadOnlyList<string> Local, IReadOnlyList<Referrals.Entry> Cards);

public static class CatalogEndpoints
{
    /// <summary>The topic taxonomy and action codes, for the pages' pickers. Public: it holds nothing personal.</summary>
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/topics", (TopicCatalog catalog) => catalog.Topics);
        // The worker page's picker: without the staff-only topics.
        app.MapGet("/api/topics/worker", (TopicCatalog catalog) => catalog.WorkerTopics);
        // The other ways to get help that fit a worker of this language (Chinese when none is given) at their line
        // (the default line when none is given): a regional service only where the line names it.
        app.MapGet("/api/alternatives", (Referrals referrals, LineCatalog lines, string? language, string? line) =>
            referrals.For(language ?? "zh", lines.LocalReferrals(lines.Resolve(string.IsNullOrEmpty(line) ? null : line).Id)));
        // What the worker page counts against before sending: the same limit the conversation enforces.
        app.MapGet("/api/chat-limits", (IConfiguration configuration) =>
        {
            var chat = configuration.GetSection(ChatOptions.Section).Get<ChatOptions>() ?? new();
            return new ChatLimits(chat.MaxMessageLength, chat.QuickExitResumeSeconds);
        });
        app.MapGet("/api/actions", (TopicCatalog catalog) => catalog.Actions);
        // A line's queues by their names within it: what a conversation can be transferred to, in its own line.
        app.MapGet("/api/queues", (QueueMap queues) => queues.Local);
        app.MapGet("/api/emergency", (Referrals referrals) => referrals.Emergency);
        app.MapGet("/api/referrals", (Referrals referrals) => referrals.Cards);
        // What the desk offers in a chat of this line (it asks per line): the cards that serve its workers, and which
        // of them the line names as its own, shown first, so a backup counsellor finds the city's local help.
        app.MapGet("/api/lines/{line}/referrals", (Referrals referrals, LineCatalog lines, string line) =>
        {
            var resolved = lines.Resolve(line);
            var cards = referrals.CardsFor(lines.LocalReferrals(resolved.Id));
            return new LineReferrals(resolved.Id, [.. cards.Select(c => c.Id).Where(resolved.Referrals.Contains)], cards);
        });
        return app;
    }
}
