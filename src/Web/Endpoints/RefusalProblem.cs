using Hotline.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Web.Endpoints;

/// <summary>
/// A refusal as problem details: the English sentence as <c>detail</c>, and beside it the refusal's <c>code</c> and
/// <c>params</c> (an object of strings), from which a page words it in the reader's language.
/// </summary>
public static class RefusalProblem
{
    public static ProblemDetails Of(int status, string title, HotlineException refusal) => new()
    {
        Status = status,
        Title = title,
        Detail = refusal.Message,
        Extensions =
        {
            ["code"] = refusal.Code,
            ["params"] = new Dictionary<string, string>(refusal.Parameters),
        },
    };
}
