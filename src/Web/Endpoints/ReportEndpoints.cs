using System.Security.Claims;
using Hotline.Contracts.Accounts;
using Hotline.Contracts.Supervision;
using Hotline.Silo;
using Hotline.Silo.Lines;
using Hotline.Silo.Supervision;
using Hotline.Web.Auth;

namespace Hotline.Web.Endpoints;

/// <summary>Contact reports for supervisors and admins: counts only, small groups suppressed, each read audited.</summary>
public static class ReportEndpoints
{
    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        // Read here, not through the silo's options: a web node of the cluster hosts no silo.
        var offsetHours = app.ServiceProvider.GetRequiredService<IConfiguration>().GetSection(SupervisionOptions.Section)
            .Get<SupervisionOptions>()?.UtcOffsetHours ?? new SupervisionOptions().UtcOffsetHours;
        var reports = app.MapGroup("/api/reports").RequireAuthorization(p => p.RequireRole(Roles.Supervisor, Roles.Admin));
        reports.MapGet("/contacts", async (string? from, string? to, string? groupBy, string? format, IGrainFactory grains, ClaimsPrincipal user, TimeProvider clock,
            LineCatalog lines) =>
        {
            var query = ContactReportQuery.Parse(from, to, groupBy, format);
            var logs = await Task.WhenAll(ContactReport.LogDays(query.From, query.To)
                .Select(day => grains.GetGrain<IContactLogGrain>(IContactLogGrain.KeyFor(day)).Facts()));
            // The contacts of the reader's lines and those under them: a province's report rolls up its cities'.
            var scope = StaffScope.Of(user, lines);
            var facts = logs.SelectMany(f => f).Where(fact => scope.Covers(fact.Line)).ToList();
            var offset = TimeSpan.FromHours(offsetHours);
            var report = ContactReport.Export(ContactReport.Aggregate(facts, query, offset), query, offsetHours) with
            {
                Lines = ContactLineReport.Export([.. ContactReport.InRange(facts, query, offset).Select(f => f.Fact)], [.. lines.All.Where(l => scope.Covers(l.Id))], lines),
            };
            await grains.GetGrain<IAuditLogGrain>(0).Record(new AuditEntry(user.FindFirst("sub")?.Value ?? "unknown", AuditActions.ReportRead,
                Guid.Empty, clock.GetUtcNow(), $"contacts {report.From}..{report.To} by {report.GroupBy}"));
            return query.Format == ReportFormat.Csv
                ? Results.File(ContactReportCsv.Bytes(report), "text/csv; charset=utf-8", $"contacts-{report.From}-{report.To}.csv")
                : Results.Ok(report);
        });
        return app;
    }
}
