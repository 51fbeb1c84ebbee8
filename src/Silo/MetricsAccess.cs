using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Hotline.Silo;

/// <summary>
/// Who may read /metrics (section Hotline:Metrics): only a scraper that sends `Authorization: Bearer` with
/// Hotline:Metrics:Token. With no token configured nobody may, so a host that was never set up for monitoring shows
/// nothing about its load to the world.
/// </summary>
public static class MetricsAccess
{
    public const string Section = "Hotline:Metrics";
    public const string Path = "/metrics";

    /// <summary>Shorter secrets can be guessed; a real scraper's token is generated, not typed.</summary>
    private const int MinimumTokenLength = 16;

    /// <summary>The Prometheus scrape endpoint of any host (web node or silo), behind the metrics token.</summary>
    public static IEndpointConventionBuilder MapHotlineMetrics(this IEndpointRouteBuilder endpoints, IConfiguration configuration)
    {
        var expected = ExpectedHeader(configuration[$"{Section}:Token"]);
        return endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider: null, optionsName: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (expected is not null && Matches(context.Request.Headers.Authorization.ToString(), expected))
            {
                await next(context);
                return;
            }
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Metrics need the scrape token",
                detail: expected is null
                    ? "Metrics are turned off on this host: set Hotline:Metrics:Token, then send it as a bearer token."
                    : "Send the metrics token (Hotline:Metrics:Token) as a bearer token.").ExecuteAsync(context);
        }));
    }

    /// <summary>The hash of the whole header a scraper must send: equal lengths, so the comparison takes the same time whatever was sent.</summary>
    private static byte[]? ExpectedHeader(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        if (token.Length < MinimumTokenLength)
            throw new InvalidOperationException($"{Section}:Token must be at least {MinimumTokenLength} characters (generate one, e.g. openssl rand -hex 32).");
        return SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
    }

    private static bool Matches(string header, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header)), expected);
}
