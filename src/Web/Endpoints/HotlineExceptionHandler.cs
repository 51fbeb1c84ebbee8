using Hotline.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace Hotline.Web.Endpoints;

/// <summary>Turns refused requests into problem details a person can act on (with the refusal's code); taken names are a conflict.</summary>
public sealed class HotlineExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, refusal) = exception switch
        {
            HotlineException { Refusal: Refusal.Conflict } e => (StatusCodes.Status409Conflict, "Conflict", e),
            HotlineException { Refusal: Refusal.NotFound } e => (StatusCodes.Status404NotFound, "Not found", e),
            HotlineException { Refusal: Refusal.Unavailable } e => (StatusCodes.Status503ServiceUnavailable, "Try again later", e),
            HotlineException e => (StatusCodes.Status400BadRequest, "The request was refused", e),
            BadHttpRequestException e => (e.StatusCode, "The request could not be read",
                new HotlineException(RefusalCodes.RequestUnreadable, "The body must be JSON in the documented shape.")),
            _ => (0, "", null),
        };
        if (refusal is null)
            return false;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = RefusalProblem.Of(status, title, refusal),
        });
    }
}
