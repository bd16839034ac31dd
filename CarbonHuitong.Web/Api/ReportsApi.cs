using System.Globalization;
using System.Security.Claims;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Reports;
using CsvHelper;
using CarbonHuitong.Core;

namespace CarbonHuitong.Web.Api;

/// <summary>CSV exports of the admin reports, for mall administrators only.</summary>
public static class ReportsApi
{
    // Ten years: the export is the platform's history, where the page shows the last twelve months.
    private const int ExportedMonths = 120;

    // Without dates, the partner figures export the last 30 China days, today included.
    private const int DefaultPartnerDays = 30;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder endpoints)
    {
        var reports = endpoints.MapGroup("/admin/reports").WithTags("Reports").RequireAuthorization(policy => policy.RequireRole(Roles.MallAdmin));
        reports.MapGet("/batches.csv", async (ClaimsPrincipal user, ReportQueries queries, CancellationToken ct) =>
            Csv("batches.csv", (await queries.BatchesAsync(ActorOf(user), ct)).Select(b => new
            {
                b.BatchId, Project = b.ProjectName, b.Organization, FaceValueYuan = b.FaceValue.Yuan, Status = b.Status.ToString(), Item = b.ItemTitle,
                b.Funded, b.Redeemed, b.UsedAtRide, b.Expired, b.Left, b.NotUsed,
            })));
        reports.MapGet("/projects.csv", async (ClaimsPrincipal user, ReportQueries queries, CancellationToken ct) =>
            Csv("projects.csv", (await queries.ProjectsAsync(ActorOf(user), ct)).Select(p => new
            {
                p.ProjectId, Project = p.Name, p.Organization, p.TonnesIssued, p.TonnesSold, RevenueYuan = p.Revenue.Yuan,
                AllocatedYuan = p.Allocated.Yuan, UsedAtRidesYuan = p.UsedAtRides.Yuan, NotUsedYuan = p.NotUsed.Yuan,
            })));
        reports.MapGet("/platform.csv", async (ClaimsPrincipal user, ReportQueries queries, CancellationToken ct) =>
            Csv("platform.csv", (await queries.PlatformAsync(ActorOf(user), ExportedMonths, ct)).ByMonth.Select(m => new
            {
                Month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), Behaviour = m.BehaviourCode, m.Category,
                Co2eGrams = m.Reduction.Grams, Credits = m.Credits.Value, m.Entries,
            })));
        reports.MapGet("/credits.csv", async (ClaimsPrincipal user, ReportQueries queries, CancellationToken ct) =>
            Csv("credits.csv", (await queries.CreditsLostAsync(ActorOf(user), ExportedMonths, ct)).Select(m => new
            {
                Month = m.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), ExpiredCredits = m.Expired.Value, ReversedCredits = m.Reversed.Value,
            })));
        reports.MapGet("/partners.csv", async (ClaimsPrincipal user, PartnerQueries queries, TimeProvider clock, CancellationToken ct,
            string? from = null, string? to = null, string? partner = null) =>
        {
            var last = DayOrNull(to, "to") ?? PlatformTime.ChinaToday(clock);
            var first = DayOrNull(from, "from") ?? last.AddDays(1 - DefaultPartnerDays);
            return Csv("partners.csv", (await queries.GetDailyFiguresAsync(ActorOf(user), first, last, partner, ct)).Select(f => new
            {
                Day = f.Day.ToString(IsoDate, CultureInfo.InvariantCulture), Partner = f.PartnerCode,
                Status = f.Status.ToString().ToLowerInvariant(), f.Code, f.Events, Credits = f.Credits.Value, Co2eGrams = f.Reduction.Grams,
            }));
        });
        return endpoints;
    }

    private const string IsoDate = "yyyy-MM-dd";

    // Parsed here, not bound by the framework: outside /api a binding failure would answer the HTML status page, and a
    // script fetching the CSV should read a problem with its code.
    private static DateOnly? DayOrNull(string? text, string name) =>
        string.IsNullOrEmpty(text) ? null
        : DateOnly.TryParseExact(text, IsoDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new DomainException(ErrorCodes.BadRequest, $"'{name}' is a date such as 2026-03-18.");

    private static Actor ActorOf(ClaimsPrincipal user) =>
        CarbonClaimsPrincipalFactory.ActorOf(user) ?? throw new InvalidOperationException("The endpoint requires a signed-in user.");

    private static IResult Csv<T>(string fileName, IEnumerable<T> rows)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture)) csv.WriteRecords(rows);
        return TypedResults.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(writer.ToString())).ToArray(),
            "text/csv; charset=utf-8", fileName);
    }
}
