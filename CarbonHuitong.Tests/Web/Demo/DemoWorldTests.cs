using System.Net;
using System.Net.Http.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Demo;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CarbonHuitong.Tests.Web.Demo;

/// <summary>
/// The demo world as a fresh <c>dotnet run</c> seeds it, on either store: six partners with the secrets in
/// Development settings, linked residents, and a ledger that shows every rule of the feed at work.
/// </summary>
public abstract class DemoWorldTests(SeededDemoWorld world)
{
    private static readonly string[] PartnerCodes = ["bike-share", "cq-metro", "health", "logistics", "takeaway", "yukuaiban"];

    [SkippableFact]
    public async Task Six_partners_are_registered_and_each_verifies_a_call_signed_with_its_secret_from_Development_settings()
    {
        var app = world.Require();
        var configuration = app.Services.GetRequiredService<IConfiguration>();

        var partners = await app.InScopeAsync(s => s.GetRequiredService<PartnerService>().ListAsync(Actors.MallAdmin));

        Assert.Equal(PartnerCodes, partners.Select(p => p.Code));
        Assert.All(partners, p => Assert.False(string.IsNullOrEmpty(p.NameZh) || string.IsNullOrEmpty(p.NameEn), p.Code));
        Assert.Equal("重庆轨道交通", partners.Single(p => p.Code == "cq-metro").NameZh);
        Assert.Equal([Methodology.BusRide, Methodology.MetroRide], partners.Single(p => p.Code == "yukuaiban").BehaviourCodes);
        foreach (var partner in partners)
        {
            var secret = configuration[$"Demo:Partners:{partner.Code}:Secret"];
            Assert.True(secret is { Length: >= PartnerSecret.MinSecretLength }, $"{partner.Code} has no usable secret in Development settings");
            var identity = await VerifyAsync(app, partner.Code, secret);
            Assert.Equal(partner.Code, identity.Code);
            Assert.Equal(partner.BehaviourCodes, identity.BehaviourCodes.Order(StringComparer.Ordinal));
        }
    }

    [SkippableFact]
    public async Task The_citizen_is_linked_to_every_partner_and_has_ledger_entries_from_each_and_from_the_validator()
    {
        var app = world.Require();
        var accountId = await world.AccountOfAsync(DemoWorldSeeder.CitizenEmail);

        var links = await app.InScopeAsync(s => s.GetRequiredService<PartnerLinks>().ListAsync(accountId));
        var sources = await app.InDatabaseAsync(db => db.LedgerEntries.Where(e => e.AccountId == accountId && e.Kind == LedgerEntryKind.Earn)
            .Select(e => e.Source!).Distinct().ToListAsync());

        Assert.Equal(PartnerCodes, links.Select(l => l.PartnerCode).Order(StringComparer.Ordinal));
        Assert.All(links, l =>
        {
            Assert.Equal($"{l.PartnerCode}-10086", l.PartnerUserId);
            Assert.Null(l.RevokedAt);
            Assert.True(l.Events > 0 && l.Credits > Credits.Zero, $"{l.PartnerCode}: {l.Events} events, {l.Credits} credits");
        });
        Assert.Equal([.. PartnerCodes.Select(Partner.SourceOf), ScanService.LedgerSource], sources.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_metro_ride_from_two_apps_and_a_bus_ride_from_the_validator_and_an_app_are_each_counted_once()
    {
        var app = world.Require();
        var accountId = await world.AccountOfAsync(DemoWorldSeeder.CitizenEmail);

        var metro = await HistoryAsync(app, accountId, Methodology.MetroRide);
        var bus = await HistoryAsync(app, accountId, Methodology.BusRide);

        var metroOnce = Assert.Single(metro, e => e.AlsoReportedBy.Count > 0);
        Assert.Equal(Partner.SourceOf("cq-metro"), metroOnce.Source);
        Assert.Equal([Partner.SourceOf("yukuaiban")], metroOnce.AlsoReportedBy);
        var busOnce = Assert.Single(bus, e => e.AlsoReportedBy.Count > 0);
        Assert.Equal(ScanService.LedgerSource, busOnce.Source);
        Assert.Equal(DemoPartnerWorld.DemoLine, busOnce.LineId);
        Assert.Equal([Partner.SourceOf("yukuaiban")], busOnce.AlsoReportedBy);
        var refused = await app.InDatabaseAsync(db => db.PartnerEvents
            .Where(e => e.AccountId == accountId && e.Code == PartnerEventCodes.CountedElsewhere).Select(e => e.PartnerCode).ToListAsync());
        Assert.Equal(["yukuaiban", "yukuaiban"], refused);
    }

    [SkippableFact]
    public async Task The_citizens_hiking_day_stops_at_the_296_g_walking_cap()
    {
        var app = world.Require();
        var accountId = await world.AccountOfAsync(DemoWorldSeeder.CitizenEmail);

        var capped = await app.InDatabaseAsync(db => db.PartnerEvents.SingleAsync(e => e.AccountId == accountId && e.Code == PartnerEventCodes.DailyCap));
        var day = PlatformTime.ChinaDateOf(capped.OccurredAt);
        var (from, to) = (PlatformTime.ChinaDateToUtc(day), PlatformTime.EndOfChinaDay(day));
        var walkedThatDay = await app.InDatabaseAsync(db => db.LedgerEntries
            .Where(e => e.AccountId == accountId && e.BehaviourCode == Methodology.Walking && e.OccurredAt >= from && e.OccurredAt < to)
            .SumAsync(e => e.Milligrams));

        var credited = await app.InDatabaseAsync(db => db.LedgerEntries.SingleAsync(e => e.Id == capped.LedgerEntryId));

        Assert.Equal(PartnerEventStatus.Accepted, capped.Status);
        Assert.True(credited.Quantity > 0 && credited.Quantity < capped.Quantity, $"{credited.Quantity} of {capped.Quantity} thousand steps credited");
        Assert.Equal(new CarbonMass(296_000), new CarbonMass(walkedThatDay));
    }

    [SkippableFact]
    public async Task The_second_citizen_revoked_a_link_its_raw_events_are_gone_and_its_credits_stay()
    {
        var app = world.Require();
        var accountId = await world.AccountOfAsync(DemoWorldSeeder.SecondCitizenEmail);

        var links = await app.InScopeAsync(s => s.GetRequiredService<PartnerLinks>().ListAsync(accountId));
        var rawEvents = await app.InDatabaseAsync(db => db.PartnerEvents.Where(e => e.PartnerCode == "bike-share" && e.PartnerUserId == "bike-share-10087")
            .Select(e => new { e.Status, e.Code }).ToListAsync());

        var revoked = Assert.Single(links, l => l.RevokedAt is not null);
        Assert.Equal("bike-share", revoked.PartnerCode);
        Assert.NotNull(revoked.EventsDeletedAt);
        Assert.True(revoked.Events > 0, "the ledger keeps what the link earned");
        // Only the event sent after the revocation is kept, as its refusal.
        Assert.Equal([new { Status = PartnerEventStatus.Refused, Code = (string?)PartnerEventCodes.ConsentRevoked }], rawEvents);
        Assert.Contains(links, l => l.RevokedAt is null);
    }

    [SkippableFact]
    public async Task The_partners_day_shows_a_resent_batch_as_duplicates_and_each_kind_of_refusal()
    {
        var app = world.Require();

        var figures = await app.InDatabaseAsync(db => db.PartnerDailyCounts.Select(c => new { c.PartnerCode, c.Status, c.Code, c.Events }).ToListAsync());

        Assert.Contains(figures, f => f is { PartnerCode: "logistics", Status: PartnerEventStatus.Duplicate, Events: > 0 });
        Assert.Equal(
            [PartnerEventCodes.ConsentRevoked, PartnerEventCodes.CountedElsewhere, PartnerEventCodes.NotLinked, PartnerEventCodes.TooOld],
            figures.Where(f => f.Status == PartnerEventStatus.Refused).Select(f => f.Code).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(PartnerCodes, figures.Where(f => f.Status == PartnerEventStatus.Accepted).Select(f => f.PartnerCode).Distinct().Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_takeaways_orders_are_pending_confirmed_reversed_and_one_left_past_the_window_is_confirmed_by_the_job()
    {
        var app = world.Require();
        var accountId = await world.AccountOfAsync(DemoWorldSeeder.CitizenEmail);
        var takeaway = Partner.SourceOf(DemoPartner.Takeaway.Code);

        var orders = await app.InDatabaseAsync(db => db.LedgerEntries.Where(e => e.AccountId == accountId && e.Kind == LedgerEntryKind.Pending)
            .OrderBy(e => e.Id)
            .Select(e => new
            {
                e.Source, e.RecordedAt, e.PendingHundredths,
                SettledBy = db.LedgerEntries.Where(s => s.SettlesEntryId == e.Id).Select(s => (LedgerEntryKind?)s.Kind).SingleOrDefault(),
            })
            .ToListAsync());
        var window = (await app.InScopeAsync(s => s.GetRequiredService<PartnerService>().ListAsync(Actors.MallAdmin)))
            .Single(p => p.Code == DemoPartner.Takeaway.Code).PendingWindowHours;
        var summary = await app.InScopeAsync(s => s.GetRequiredService<LedgerQueries>().GetSummaryAsync(accountId));

        Assert.Equal(DemoPartnerWorld.TakeawayPendingWindowHours, window);
        Assert.Equal(4, orders.Count);
        Assert.All(orders, o => Assert.Equal(takeaway, o.Source));
        var overdue = Assert.Single(orders, o => o.RecordedAt < DateTime.UtcNow.AddHours(-window));
        Assert.Equal(LedgerEntryKind.Earn, overdue.SettledBy);
        var sentToday = orders.Where(o => o != overdue).Select(o => o.SettledBy).ToList();
        Assert.Equal([LedgerEntryKind.Earn, LedgerEntryKind.Reverse, null], sentToday);
        Assert.Equal(new Credits(orders.Single(o => o.SettledBy is null).PendingHundredths), summary!.Pending);
        Assert.Contains(app.Logs.Entries, e => e.Category == typeof(CreditLifecycle).FullName && e.Message.Contains("pending events confirmed: 1"));
    }

    [SkippableFact]
    public async Task The_citizen_signs_in_and_reads_what_is_pending_and_that_last_years_credits_expire_on_31_December()
    {
        var app = world.Require();
        var password = app.Services.GetRequiredService<IConfiguration>()["Demo:Password"];
        using var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = DemoWorldSeeder.CitizenEmail, password });
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var account = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me/account");

        var thisYear = PlatformTime.ChinaToday(TimeProvider.System).Year;
        var order = Credits.RoundFrom(Methodology.CreditsForReduction(45.72m).Value).Value;
        Assert.Equal(order, account.GetProperty("pendingCredits").GetDecimal());
        Assert.Equal($"{thisYear}-12-31", account.GetProperty("expiresOn").GetString());
        var lastYear = await app.InDatabaseAsync(async db =>
        {
            var accountId = await db.CarbonAccounts.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Email == DemoWorldSeeder.CitizenEmail))
                .Select(a => a.Id).SingleAsync();
            return await db.AccountCreditYears.Where(y => y.AccountId == accountId && y.Year == thisYear - 1).Select(y => y.InHundredths).SingleAsync();
        });
        // Last year's credits (November's commutes), less the 20 the citizen spent on a coupon: the oldest credits go first.
        Assert.True(lastYear > 20_00, $"{lastYear} hundredths earned last year");
        Assert.Equal(new Credits(lastYear).Value - 20m, account.GetProperty("expiringCredits").GetDecimal());
    }

    [SkippableFact]
    public async Task The_demo_world_passes_every_invariant()
    {
        var app = world.Require();

        var report = await app.InScopeAsync(s => s.GetRequiredService<InvariantChecker>().CheckAsync());

        Assert.True(report.AllHold, report.ToString());
        Assert.True(report[Invariant.LaterReportPointsAtEarn].Checked >= 2, report.ToString());
    }

    [SkippableFact]
    public async Task Both_demo_citizens_sign_in_with_the_demo_password_and_the_neighbours_have_none()
    {
        var app = world.Require();
        var password = app.Services.GetRequiredService<IConfiguration>()["Demo:Password"];
        using var client = app.CreateClient();

        foreach (var email in new[] { DemoWorldSeeder.CitizenEmail, DemoWorldSeeder.SecondCitizenEmail })
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", new { email, password })).StatusCode);
        var neighbours = await app.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var found = new List<ApplicationUser>();
            for (var n = 1; n <= DemoRoutines.Neighbours; n++) found.Add((await users.FindByEmailAsync(DemoWorldSeeder.NeighbourEmail(n)))!);
            return found;
        });
        Assert.All(neighbours, n => Assert.Null(n.PasswordHash));
    }

    [SkippableFact]
    public async Task The_regulator_signs_in_with_the_demo_password_and_the_statistical_residents_have_none()
    {
        var app = world.Require();
        var password = app.Services.GetRequiredService<IConfiguration>()["Demo:Password"];
        using var client = app.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = DemoWorldSeeder.RegulatorEmail, password });
        var (roles, residentsWithPasswords) = await app.InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var regulator = (await users.FindByEmailAsync(DemoWorldSeeder.RegulatorEmail))!;
            var withPasswords = 0;
            for (var n = 1; n <= DemoDistrictWorld.Residents; n++)
                if ((await users.FindByEmailAsync(DemoDistrictWorld.ResidentEmail(n)))!.PasswordHash is not null) withPasswords++;
            return (await users.GetRolesAsync(regulator), withPasswords);
        });

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(Roles.Regulator, roles);
        Assert.Equal(0, residentsWithPasswords);
    }

    [SkippableFact]
    public async Task Last_month_at_least_five_districts_show_ten_or_more_active_citizens_and_smaller_ones_are_suppressed()
    {
        var app = world.Require();
        var thisMonth = MonthRange.LastTwelve(DateTime.UtcNow).To;
        var lastMonth = new MonthRange(thisMonth.AddMonths(-1), thisMonth.AddMonths(-1));
        var regulator = new Actor("demo-regulator", DemoWorldSeeder.RegulatorEmail, [Roles.Regulator], null);

        var table = await app.InScopeAsync(s => s.GetRequiredService<RegionalStatistics>().DistrictsAsync(regulator, lastMonth));

        var districts = table.Rows.Where(r => r.DistrictCode is not null).ToList();
        Assert.True(districts.Count(r => !r.Suppressed && r.ActiveCitizens >= 10) >= 5,
            string.Join(", ", districts.Where(r => !r.Suppressed).Select(r => $"{r.DistrictCode}: {r.ActiveCitizens}")));
        Assert.Contains(districts, r => r.Suppressed);
        Assert.Contains(table.Rows, r => r.DistrictCode is null);
        Assert.Equal(table.Total.Milligrams, table.Rows.Where(r => !r.Suppressed).Sum(r => r.Milligrams) + (table.Other.Milligrams ?? 0));
    }

    [SkippableFact]
    public async Task Over_the_dashboards_default_year_at_least_five_districts_show_their_figures_the_citizens_own_among_them()
    {
        var app = world.Require();
        var regulator = new Actor("demo-regulator", DemoWorldSeeder.RegulatorEmail, [Roles.Regulator], null);

        var table = await app.InScopeAsync(s => s.GetRequiredService<RegionalStatistics>().DistrictsAsync(regulator, MonthRange.LastTwelve(DateTime.UtcNow)));

        var districts = table.Rows.Where(r => r.DistrictCode is not null).ToList();
        var shown = districts.Where(r => !r.Suppressed).ToList();
        Assert.True(shown.Count(r => r.ActiveCitizens >= 10 && r.Milligrams > 0) >= 5, string.Join(", ", shown.Select(r => $"{r.DistrictCode}: {r.ActiveCitizens}")));
        Assert.Contains(shown, r => r.DistrictCode == DemoWorldSeeder.CitizenDistrict);
        Assert.Contains(shown, r => r.DistrictCode == DemoWorldSeeder.SecondCitizenDistrict);
        Assert.Contains(districts, r => r.Suppressed && DemoDistrictWorld.Spread.Any(s => s.DistrictCode == r.DistrictCode));
        Assert.False(table.Other.Suppressed);
        Assert.Equal(table.Total.Milligrams, table.Rows.Where(r => !r.Suppressed).Sum(r => r.Milligrams) + table.Other.Milligrams);
    }

    [SkippableFact]
    public async Task The_regulator_signs_in_and_the_dashboard_shows_real_figures_beside_suppressed_cells()
    {
        var app = world.Require();
        var password = app.Services.GetRequiredService<IConfiguration>()["Demo:Password"]!;
        using var browser = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.Accept.ParseAdd(CarbonHuitongApp.BrowserAccept);
        await CarbonHuitongApp.SignInWithFormAsync(browser, DemoWorldSeeder.RegulatorEmail, password);

        var html = await browser.GetStringAsync("/government");

        var rows = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelectorAll("[data-testid=district-table] tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").ToArray()).ToList();
        var districtRows = rows.Take(DistrictCatalogue.All.Count).Select(r => r.Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.True(districtRows.Count(r => r[1] != "<10") >= 5, string.Join("; ", districtRows.Select(r => string.Join(" ", r))));
        Assert.Contains(districtRows, r => r[1] == "<10");
        var yuzhong = rows.Single(r => r[0].GetAttribute("data-code") == DemoWorldSeeder.CitizenDistrict).Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal("渝中区", yuzhong[0]);
        Assert.True(long.Parse(yuzhong[2], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) >= 10, yuzhong[2]);
        Assert.Contains("data-testid=\"district-ranking\"", html);
    }

    [SkippableFact]
    public async Task Open_data_shows_the_months_of_the_residents_year_with_figures_for_anyone()
    {
        var app = world.Require();
        using var anonymous = app.CreateClient();

        var data = await anonymous.GetFromJsonAsync<System.Text.Json.JsonElement>("/open-data.json");

        var months = data.GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(12, months.Count);
        var withFigures = months.Where(m => !m.GetProperty("suppressed").GetBoolean()
            && m.GetProperty("activeCitizens").GetInt64() >= 10
            && m.GetProperty("gramsByCategory").EnumerateObject().Any(c => c.Value.ValueKind == System.Text.Json.JsonValueKind.Number && c.Value.GetDecimal() > 0)).ToList();
        // Every month of the year but, on its first minute, the current one.
        Assert.True(withFigures.Count >= DemoDistrictWorld.MonthsOfHistory - 1, string.Join(", ", months.Select(m => m.GetProperty("month").GetString())));
        Assert.Contains(months, m => m.GetProperty("couponsFundedFen").GetInt64() == 1_000_000_00);
    }

    [SkippableFact]
    public async Task The_statistical_residents_earn_over_several_months_in_every_category_the_methodology_has()
    {
        var app = world.Require();

        var (categories, months) = await app.InDatabaseAsync(async db =>
        {
            var earns = db.LedgerEntries.Where(e => e.Source == DemoDistrictWorld.Source && e.Kind == LedgerEntryKind.Earn);
            return (await earns.Select(e => e.Category!.Value).Distinct().ToListAsync(), await earns.Select(e => e.OccurredAt).ToListAsync());
        });
        var published = await app.InScopeAsync(async s => (await s.GetRequiredService<MethodologyService>().ListAsync()).Select(b => b.Category).Distinct().ToList());

        Assert.Equal(published.Order(), categories.Order());
        Assert.True(months.Select(m => PlatformTime.ChinaDateOf(m)).Select(d => (d.Year, d.Month)).Distinct().Count() >= DemoDistrictWorld.MonthsOfHistory - 1);
    }

    [SkippableFact]
    public void Seeding_logs_what_the_partners_sent_and_no_warning_or_error()
    {
        var app = world.Require();

        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Warning);
        var summary = Assert.Single(app.Logs.Entries, e => e.Category == typeof(DemoPartnerWorld).FullName);
        Assert.Contains("refused (counted_elsewhere) 2", summary.Message);
    }

    [SkippableFact]
    public async Task A_second_start_on_the_same_database_seeds_nothing_more()
    {
        var app = world.Require();
        var before = await CountAsync(app);

        await using (var again = new DemoWorldApp(app.Store, world.KeyFile)) again.Start();

        Assert.Equal(before, await CountAsync(app));
    }

    private static Task<(int Users, int Entries, int Partners, int Events)> CountAsync(DemoWorldApp app) => app.InDatabaseAsync(async db =>
        (await db.Users.CountAsync(), await db.LedgerEntries.CountAsync(), await db.Partners.CountAsync(), await db.PartnerEvents.CountAsync()));

    private static async Task<IReadOnlyList<LedgerEntryView>> HistoryAsync(DemoWorldApp app, long accountId, string behaviour) =>
        (await app.InScopeAsync(s => s.GetRequiredService<LedgerQueries>().GetHistoryAsync(accountId, new LedgerFilter(behaviour), 1, PageRequest.MaxSize))).Items;

    /// <summary>A reconciliation call signed as the partner would sign it, checked as the endpoint checks it.</summary>
    internal static Task<PartnerIdentity> VerifyAsync(DemoWorldApp app, string partnerCode, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string path = "/api/partners/reconciliation?date=2026-12-01";
        var signature = PartnerSignatures.Sign(secret, timestamp, "GET", path, []);
        return app.InScopeAsync(s => s.GetRequiredService<PartnerSignatures>().VerifyAsync(partnerCode, timestamp, signature, "GET", path,
            ReadOnlyMemory<byte>.Empty));
    }
}

/// <summary>A demo world seeded once for a test class: the app started in Development on a fresh store.</summary>
public abstract class SeededDemoWorld : IAsyncLifetime
{
    private TestStore? _store;
    private DemoWorldApp? _app;

    public TestKeyFile KeyFile { get; } = new();

    protected abstract Task<TestStore?> CreateStoreAsync();

    protected virtual string? MissingReason => null;

    public DemoWorldApp Require()
    {
        Skip.If(_app is null, MissingReason);
        return _app!;
    }

    public async Task<long> AccountOfAsync(string email) => await Require().InDatabaseAsync(db =>
        db.CarbonAccounts.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Email == email)).Select(a => a.Id).SingleAsync());

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        if (_store is null) return;
        _app = new DemoWorldApp(_store, KeyFile);
        _app.Start();
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        if (_store is not null) await _store.DisposeAsync();
        KeyFile.Dispose();
    }
}

public sealed class SeededDemoWorldOnSqlite : SeededDemoWorld
{
    protected override async Task<TestStore?> CreateStoreAsync() => await TestDatabase.CreateAsync();
}

public sealed class SeededDemoWorldOnPostgres : SeededDemoWorld
{
    private readonly PostgresTestStores _stores = new();

    protected override string? MissingReason => _stores.MissingReason;

    protected override async Task<TestStore?> CreateStoreAsync()
    {
        await _stores.InitializeAsync();
        return _stores.MissingReason is null ? await _stores.CreateAsync() : null;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}

public sealed class DemoWorldTestsOnSqlite(SeededDemoWorldOnSqlite world) : DemoWorldTests(world), IClassFixture<SeededDemoWorldOnSqlite>
{
}

public sealed class DemoWorldTestsOnPostgres(SeededDemoWorldOnPostgres world) : DemoWorldTests(world), IClassFixture<SeededDemoWorldOnPostgres>
{
}
