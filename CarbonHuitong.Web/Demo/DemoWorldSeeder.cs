using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CarbonHuitong.Core;

namespace CarbonHuitong.Web.Demo;

public sealed class DemoWorldOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds the demo world in Development unless set to false.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>The demo users' password; set only in appsettings.Development.json.</summary>
    public string? Password { get; set; }

    /// <summary>The demo validator's key (header X-Terminal-Key); set only in appsettings.Development.json.</summary>
    public string? TerminalKey { get; set; }
}

/// <summary>
/// A small, believable world for trying the app: a citizen with a few weeks of green behaviour,
/// a mall administrator and a project owner. Development only, and only once per database.
/// </summary>
public sealed class DemoWorldSeeder(
    UserManager<ApplicationUser> users,
    EarningService earning,
    LedgerQueries queries,
    ProjectService projects,
    CouponBatchService batches,
    RedemptionService redemptions,
    TerminalService terminals,
    TimeProvider clock,
    IOptions<DemoWorldOptions> options,
    IHostEnvironment environment,
    ILogger<DemoWorldSeeder> logger)
{
    public const string CitizenEmail = "citizen@example.com";
    public const string MallAdminEmail = "malladmin@example.com";
    public const string OwnerEmail = "owner@example.com";
    public const string DemoTerminalId = "CQ-871-0001";
    public const string DemoOrganization = "Chongqing Public Transport Group";
    private const string DemoSource = "demo";

    public async Task SeedIfWantedAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        if (!environment.IsDevelopment() || !settings.Seed) return;
        if (string.IsNullOrEmpty(settings.Password))
        {
            logger.LogWarning("Demo:Password is not set, so the demo world was not seeded.");
            return;
        }
        if (await users.FindByEmailAsync(CitizenEmail) is not null) return;

        var citizen = await CreateUserAsync(CitizenEmail, settings.Password);
        var adminUser = await CreateUserAsync(MallAdminEmail, settings.Password, Roles.MallAdmin);
        var ownerUser = await CreateUserAsync(OwnerEmail, settings.Password, Roles.ProjectOwner, DemoOrganization);

        var accountId = (await queries.FindAccountIdAsync(citizen.Id, ct))!.Value;
        await earning.ImportHistoryAsync(FourWeeksOfGreenBehaviour(accountId).OrderBy(e => e.OccurredAtUtc).ToList(), ct);
        var owner = new Actor(ownerUser.Id, OwnerEmail, [Roles.ProjectOwner], DemoOrganization);
        var admin = new Actor(adminUser.Id, MallAdminEmail, [Roles.MallAdmin], null);
        if (!string.IsNullOrEmpty(settings.TerminalKey))
            await terminals.RegisterAsync(admin, DemoTerminalId, "871", "Line 871, front door", settings.TerminalKey, ct);
        var busCouponId = await ShelveBusCouponsAsync(owner, admin, ct);
        await redemptions.RedeemAsync(accountId, busCouponId, "demo-first-coupon", ct);
        logger.LogInformation("Seeded the demo world: {Citizen}, {MallAdmin}, {Owner}.", CitizenEmail, MallAdminEmail, OwnerEmail);
    }

    /// <summary>
    /// The Chongqing loop, run through the same services an owner and an administrator use: the bus group's 166,000 t
    /// of CQCER sold for 1 million yuan, all of it turned into 2-yuan bus coupons (China Environment News, 2024-05-15).
    /// </summary>
    private async Task<long> ShelveBusCouponsAsync(Actor owner, Actor admin, CancellationToken ct)
    {
        var projectId = await projects.RegisterAsync(owner, new ProjectDraft(
            "Urban public transport vehicle travel GHG emission reduction project",
            "CQCER carbon-inclusion methodology for public transport", "Citizens' bus rides in central Chongqing",
            new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)), ct);
        await projects.RecordIssuanceAsync(owner, projectId, new IssuanceDraft(166_000, 2023, "CQCER-2023-BUS-000001 to 166000", new DateOnly(2024, 3, 1)), ct);
        // 126,000 t at ¥6.00 and 40,000 t at ¥6.10: ¥1,000,000 in all.
        await projects.RecordSaleAsync(owner, projectId, new SaleDraft(126_000, Fen.FromYuan(6.00m), "Chongqing Carbon Market buyers", new DateOnly(2024, 4, 10)), ct);
        await projects.RecordSaleAsync(owner, projectId, new SaleDraft(40_000, Fen.FromYuan(6.10m), "Chongqing Carbon Market buyers", new DateOnly(2024, 4, 24)), ct);
        var batchId = await batches.FundAsync(owner, projectId,
            new BatchDraft(Fen.FromYuan(2m), 500_000, Credits.FromDecimal(20m), ValidDays: 30, ValidUntil: null, MonthlyLimitPerCitizen: 10), ct);
        await batches.SubmitAsync(owner, batchId, ct);
        return await batches.ListAsync(admin, batchId, new ListingDraft("2-yuan bus coupon",
            "Taken off your fare automatically the next time you scan your ride code on a Chongqing bus.", "/images/bus-coupon.svg"), ct);
    }

    private async Task<ApplicationUser> CreateUserAsync(string email, string password, string? extraRole = null, string? organization = null)
    {
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, Organization = organization };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        if (extraRole is not null) await users.AddToRoleAsync(user, extraRole);
        return user;
    }

    /// <summary>Weekday bus commutes, a weekly metro trip, bicycle rides, takeaways and parcels: about 28 days of a real routine.</summary>
    private IEnumerable<EarnRequest> FourWeeksOfGreenBehaviour(long accountId)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var serial = 0;
        EarnRequest At(DateTime day, int hour, string behaviour, decimal quantity) =>
            new(accountId, behaviour, quantity, DemoSource, $"demo-{++serial:D4}", day.AddHours(hour - 8));

        for (var daysAgo = 27; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            var weekday = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            if (weekday)
            {
                yield return At(day, 8, Methodology.BusRide, 1);
                yield return At(day, 18, Methodology.BusRide, 1);
            }
            if (day.DayOfWeek == DayOfWeek.Wednesday) yield return At(day, 12, Methodology.TakeawayWithoutUtensils, 1);
            if (day.DayOfWeek == DayOfWeek.Saturday)
            {
                yield return At(day, 10, Methodology.MetroRide, 1);
                yield return At(day, 15, Methodology.SharedBicycle, 3.5m);
            }
            if (day.DayOfWeek == DayOfWeek.Sunday) yield return At(day, 9, Methodology.Walking, 8);
            if (daysAgo % 5 == 0) yield return At(day, 20, Methodology.ElectronicWaybill, 2);
        }
    }
}
