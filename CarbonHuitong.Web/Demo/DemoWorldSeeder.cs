using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using Microsoft.Extensions.Options;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Web.Lifecycle;

namespace CarbonHuitong.Web.Demo;

/// <summary>
/// A small, believable world for trying the app: a citizen with a few weeks of green behaviour reported by six partner
/// platforms and a bus validator (takeaway orders among them pending, confirmed or reversed) and credits from last
/// year that expire at the end of this one, a second citizen who revoked a link, neighbours who never sign in, a mall
/// administrator, a project owner, a regulator, and residents spread over the districts for the regional statistics.
/// Development only, and only once per database.
/// </summary>
public sealed class DemoWorldSeeder(
    CitizenUserManager users,
    LedgerQueries queries,
    ProjectService projects,
    CouponBatchService batches,
    RedemptionService redemptions,
    TerminalService terminals,
    CreditLifecycle lifecycle,
    Core.Government.CitizenDistricts districts,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<DemoWorldOptions> options,
    IHostEnvironment environment,
    ILogger<DemoWorldSeeder> logger)
{
    public const string CitizenEmail = "citizen@example.com";
    public const string SecondCitizenEmail = "citizen2@example.com";
    public const string MallAdminEmail = "malladmin@example.com";
    public const string OwnerEmail = "owner@example.com";
    public const string RegulatorEmail = "regulator@example.com";

    /// <summary>The demo citizens' districts: Yuzhong and Jiangbei (GB/T 2260).</summary>
    public const string CitizenDistrict = "500103", SecondCitizenDistrict = "500105";
    public const string DemoTerminalId = "CQ-871-0001";
    public const string DemoOrganization = "Chongqing Public Transport Group";

    public static string NeighbourEmail(int number) => $"neighbour{number}@example.com";

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

        var started = clock.GetTimestamp();
        // Only the people who sign in get a password: hashing one is slow on purpose, and the first start should not be.
        var citizen = await CreateUserAsync(CitizenEmail, settings.Password);
        var secondCitizen = await CreateUserAsync(SecondCitizenEmail, settings.Password);
        var adminUser = await CreateUserAsync(MallAdminEmail, settings.Password, Roles.MallAdmin);
        var ownerUser = await CreateUserAsync(OwnerEmail, settings.Password, Roles.ProjectOwner, DemoOrganization);
        await CreateUserAsync(RegulatorEmail, settings.Password, Roles.Regulator);
        var neighbours = await users.RegisterCitizensAsync(Enumerable.Range(1, DemoRoutines.Neighbours)
            .Select(n => new ApplicationUser { UserName = NeighbourEmail(n), Email = NeighbourEmail(n), EmailConfirmed = true }).ToList(), ct);

        var owner = new Actor(ownerUser.Id, OwnerEmail, [Roles.ProjectOwner], DemoOrganization);
        var admin = new Actor(adminUser.Id, MallAdminEmail, [Roles.MallAdmin], null);
        var terminalKey = await RegisterValidatorAsync(admin, settings, ct);

        var today = PlatformTime.ChinaToday(clock);
        var accountId = await AccountOfAsync(citizen, ct);
        var secondAccountId = await AccountOfAsync(secondCitizen, ct);
        // Chosen before their earns, which count in the district named when they are recorded.
        await districts.SetAsync(accountId, CitizenDistrict, ct);
        await districts.SetAsync(secondAccountId, SecondCitizenDistrict, ct);
        var residents = new DemoResidents(
            new DemoResident(accountId, DemoRoutines.CitizenMember,
                [.. DemoRoutines.CitizenLastYear(today), .. DemoRoutines.Citizen(today), .. DemoRoutines.CitizenMoments(today)]),
            new DemoResident(secondAccountId, DemoRoutines.SecondCitizenMember, [.. DemoRoutines.SecondCitizen(today)]),
            neighbours.Select((id, i) => new DemoResident(id, DemoRoutines.FirstNeighbourMember + i, [.. DemoRoutines.Neighbour(i, today)])).ToList());
        // Made here rather than registered: nothing but the seeder uses it.
        await ActivatorUtilities.CreateInstance<DemoPartnerWorld>(services).SeedAsync(admin, settings, residents, terminalKey, ct);

        // After the demo ride, so the citizen still holds a coupon for the next one.
        var busCouponId = await ShelveBusCouponsAsync(owner, admin, ct);
        await redemptions.RedeemAsync(accountId, busCouponId, "demo-first-coupon", ct);
        await ActivatorUtilities.CreateInstance<DemoDistrictWorld>(services).SeedAsync(busCouponId, ct);
        // The lifecycle job's run, as the server makes one at start: it confirms the takeaway order left unsettled past
        // its window. Run here, so the world is whole before anyone signs in.
        await lifecycle.RunAsync(LifecycleWorker.Holder, ct);
        logger.LogInformation("Seeded the demo world in {Seconds:0.0} s: {Citizen}, {SecondCitizen}, {MallAdmin}, {Owner}, {Regulator}.",
            clock.GetElapsedTime(started).TotalSeconds, CitizenEmail, SecondCitizenEmail, MallAdminEmail, OwnerEmail, RegulatorEmail);
    }

    /// <summary>The demo validator on line 871, with the key in Development settings, or a random one nobody holds.</summary>
    private async Task<string> RegisterValidatorAsync(Actor admin, DemoWorldOptions settings, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(settings.TerminalKey))
            logger.LogWarning("Demo:TerminalKey is not set: the demo validator {Terminal} was registered with a random key nobody holds.", DemoTerminalId);
        return await terminals.RegisterAsync(admin, DemoTerminalId, DemoPartnerWorld.DemoLine, "Line 871, front door",
            string.IsNullOrEmpty(settings.TerminalKey) ? null : settings.TerminalKey, ct);
    }

    private async Task<long> AccountOfAsync(ApplicationUser user, CancellationToken ct) => (await queries.FindAccountIdAsync(user.Id, ct))!.Value;

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
        return await batches.ListAsync(admin, batchId, new ListingDraft(
            BilingualText.Of("2元公交券", "2-yuan bus coupon"),
            BilingualText.Of("下次在重庆乘坐公交扫乘车码时，自动抵扣车费。",
                "Taken off your fare automatically the next time you scan your ride code on a Chongqing bus."),
            "/images/bus-coupon.svg"), ct);
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
}
