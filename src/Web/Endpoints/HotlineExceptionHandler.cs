using Hotline.Contracts;
using Microsoft.AspNetCore.Diagnostics;

namespace Hotline.Web.Endpoints;

/// <summary>Turns refused requests into problem details a person can act on; taken names are a conflict.</summary>
public sealed class HotlineExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            HotlineException { Refusal: Refusal.Conflict } e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            HotlineException { Refusal: Refusal.NotFound } e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            HotlineException { Refusal: Refusal.Unavailable } e => (StatusCodes.Status503ServiceUnavailable, "Try again later", e.Message),
            HotlineException e => (StatusCodes.Status400BadRequest, "The request was refused", e.Message),
            BadHttpRequestException e => (e.StatusCode, "The request could not be read", "The body must be JSON in the documented shape."),
            _ => (0, "", ""),
        };
        if (status == 0)
            return false;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
