using Hotline.Contracts;
using Hotline.Silo;
using Hotline.Web.Endpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Hotline.Web.Twilio;

/// <summary>
/// Lets a webhook through only when its X-Twilio-Signature matches: computed over the public address Twilio called
/// (Hotline:PublicBaseUrl + path + query, not what Kestrel sees behind a proxy) and the form fields. Anything else is
/// refused before it reaches a grain, so a forged request changes nothing. Bodies are capped.
/// </summary>
public sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    /// <summary>Twilio's webhooks are a few hundred bytes; an SMS body is at most 1600 characters.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var twilio = options.Value;
        if (string.IsNullOrEmpty(twilio.AuthToken) || string.IsNullOrEmpty(twilio.PublicBaseUrl))
            return Results.Problem(RefusalProblem.Of(StatusCodes.Status503ServiceUnavailable, "SMS and voice are off",
                new HotlineException(RefusalCodes.TwilioOff, "Set Hotline:Twilio:AuthToken and Hotline:PublicBaseUrl to take texts and calls.")));
        if (request.ContentLength > MaxBodyBytes)
            return TooLarge();
        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        if (!request.HasFormContentType)
            return Results.Problem(RefusalProblem.Of(StatusCodes.Status415UnsupportedMediaType, "The request could not be read",
                new HotlineException(RefusalCodes.TwilioNotForm, "Twilio webhooks are form-encoded (application/x-www-form-urlencoded).")));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync();
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return TooLarge();
        }

        var url = twilio.PublicBaseUrl.TrimEnd('/') + request.PathBase + request.Path + request.QueryString;
        var fields = form.SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? "")));
        if (!TwilioSignature.IsValid(twilio.AuthToken, url, fields, request.Headers["X-Twilio-Signature"]))
        {
            logger.LogWarning("Refused a webhook on {Path}: its Twilio signature is missing or wrong.", request.Path);
            return Results.Problem(RefusalProblem.Of(StatusCodes.Status403Forbidden, "Forbidden",
                new HotlineException(RefusalCodes.TwilioBadSignature, "The X-Twilio-Signature header is missing or does not match this request.")));
        }
        return await next(context);
    }

    private static IResult TooLarge() => Results.Problem(RefusalProblem.Of(StatusCodes.Status413PayloadTooLarge, "The request is too large",
        new HotlineException(RefusalCodes.TwilioTooLarge, "Twilio webhooks are at most {max} KB.", ("max", MaxBodyBytes / 1024))));
}
