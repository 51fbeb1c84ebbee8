using Hotline.Contracts;
using Hotline.Web.Endpoints;

namespace Hotline.Web.Abuse;

/// <summary>
/// Only the hotline's own pages, and the origins listed in Hotline:AllowedOrigins, may open a hub from a browser:
/// otherwise any website could start chats (or hold staff connections) from its visitors' browsers. Checked on
/// every hub request (negotiate, WebSocket upgrade, long polling, server-sent events). A request without Origin is
/// let through: browsers send Origin on every cross-origin request and WebSocket, so a missing one is a non-browser
/// client (the .NET client, a script), which no foreign page can make a visitor's browser be; those are held by the
/// per-address and per-method limits instead.
/// </summary>
public sealed class HubOrigins(IConfiguration configuration)
{
    public const string Section = "Hotline:AllowedOrigins";

    private readonly HashSet<string> _allowed = (configuration.GetSection(Section).Get<string[]>() ?? [])
        .Select(origin => origin.Trim().TrimEnd('/'))
        .Where(origin => origin.Length > 0)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The request's own origin is read after the forwarded-headers middleware, so behind a proxy it is the public one.</summary>
    public bool Allows(HttpRequest request, string origin) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase) || _allowed.Contains(origin);

    public static IApplicationBuilder UseHubOrigins(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments("/hubs")
            && context.Request.Headers.Origin is { Count: > 0 } origin
            && !context.RequestServices.GetRequiredService<HubOrigins>().Allows(context.Request, origin.ToString()))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = RefusalProblem.Of(403, "Origin not allowed", new HotlineException(RefusalCodes.OriginRefused,
                    "This page is not one of the hotline's own, so it cannot open a chat here. Open the hotline's own web address to chat; if you are in danger, call 110, 120 or 12356.")),
            });
            return;
        }
        await next(context);
    });
}
