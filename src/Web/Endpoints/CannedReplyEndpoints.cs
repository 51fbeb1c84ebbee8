using System.Security.Claims;
using Hotline.Contracts;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Counselors;
using Hotline.Silo.Counseling;

namespace Hotline.Web.Endpoints;

public sealed record CannedReplyChange(string? TitleZh, string? TitleEn, string? TextZh, string? TextEn);

/// <summary>Canned replies: counsellors read them for their picker, supervisors write them. Edits are audited by the grain.</summary>
public static class CannedReplyEndpoints
{
    public static IEndpointRouteBuilder MapCannedReplyApi(this IEndpointRouteBuilder app)
    {
        var replies = app.MapGroup("/api/canned-replies");
        replies.MapGet("/", (IGrainFactory grains) => Replies(grains).All())
            .RequireAuthorization(p => p.RequireRole(Roles.Counselor, Roles.Supervisor));
        replies.MapPut("/{id}", (string id, CannedReplyChange? change, IGrainFactory grains, ClaimsPrincipal user) =>
        {
            if (change is null)
                throw new HotlineException(RefusalCodes.CannedReplyBadBody, "Send the reply as { titleZh, titleEn, textZh, textEn }.");
            return Replies(grains).Save(new CannedReply(ValidId(id), change.TitleZh ?? "", change.TitleEn ?? "", change.TextZh ?? "", change.TextEn ?? ""), Actor(user));
        }).RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        replies.MapDelete("/{id}", async (string id, IGrainFactory grains, ClaimsPrincipal user) =>
        {
            await Replies(grains).Delete(ValidId(id), Actor(user));
            return Results.NoContent();
        }).RequireAuthorization(p => p.RequireRole(Roles.Supervisor));
        return app;
    }

    private static ICannedRepliesGrain Replies(IGrainFactory grains) => grains.GetGrain<ICannedRepliesGrain>(0);

    // Checked here too, so that a malformed id never reaches the grain or the audit log.
    private static string ValidId(string id) => CannedReplyRules.IsId(id)
        ? id
        : throw CannedReplyRules.BadId();

    private static string Actor(ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "unknown";
}
