using Hotline.Silo;
using Hotline.Silo.Routing;

namespace Hotline.Web.Endpoints;

public static class CatalogEndpoints
{
    /// <summary>The topic taxonomy and action codes, for the pages' pickers. Public: it holds nothing personal.</summary>
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/topics", (TopicCatalog catalog) => catalog.Topics);
        app.MapGet("/api/actions", (TopicCatalog catalog) => catalog.Actions);
        app.MapGet("/api/queues", (QueueMap queues) => queues.All);
        app.MapGet("/api/emergency", (Referrals referrals) => referrals.Emergency);
        app.MapGet("/api/referrals", (Referrals referrals) => referrals.Cards);
        return app;
    }
}
