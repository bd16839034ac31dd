using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Reports;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Reports;

/// <summary>
/// The platform report's credit life: credits expired and reversed per China month and pending credits outstanding,
/// and coupons that expire unused counted as not used in their batch and project. On both stores.
/// </summary>
public abstract class CreditLifeReportTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Credits_expired_and_reversed_are_reported_by_China_month_and_pending_credits_outstanding()
    {
        await using var database = await stores.CreateAsync();
        // 30 credits granted in 2026, 10 spent: 20 expire at the end of 2027, dated 31 December 23:59:59.9999999 in China.
        var saver = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
            await new TestLedger(db, _clock).SpendAsync(saver.AccountId, Credits.FromDecimal(10m), "A test purchase", "test-purchase");

        var partner = await new PartnerBuilder().Reporting(Methodology.TakeawayWithoutUtensils).BuildAsync(database, _clock);
        var eater = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, eater.AccountId, "eater-1");
        // The last instant of November in China, and the first of December: one reversal in each month.
        var endOfNovember = ChinaTime.Utc(2027, 12, 1).AddTicks(-1);
        var novemberOrder = await PendingOrderAsync(database, partner, "november", endOfNovember.AddHours(-2));
        var decemberOrder = await PendingOrderAsync(database, partner, "december", endOfNovember.AddHours(-1));
        await ReverseAsync(database, partner, "november", endOfNovember);
        await ReverseAsync(database, partner, "december", ChinaTime.Utc(2027, 12, 1));
        var openOrders = await PendingOrderAsync(database, partner, "open", ChinaTime.Utc(2027, 12, 20, 12, 0), quantity: 3);
        await PendingOrderAsync(database, partner, "confirmed", ChinaTime.Utc(2027, 12, 20, 12, 0));
        await using (var db = database.CreateContext())
            await CoreServices.Pending(db, _clock).ConfirmAsync(Partner.SourceOf(partner.Code), ["confirmed"]);

        _clock.SetUtcNow(ChinaTime.Utc(2028, 1, 15, 9, 0));
        await using (var db = database.CreateContext()) await CoreServices.Expiry(db, _clock).RunAsync();

        await using var reading = database.CreateContext();
        var report = await new ReportQueries(reading, _clock).PlatformAsync(Actors.MallAdmin);

        Assert.Equal(
            [
                new CreditsLostByMonth(new DateOnly(2027, 11, 1), Credits.Zero, novemberOrder),
                new CreditsLostByMonth(new DateOnly(2027, 12, 1), Credits.FromDecimal(20m), decemberOrder),
            ],
            report.LostByMonth);
        Assert.Equal(await LostByMonthFromEntriesAsync(reading), report.LostByMonth);
        Assert.Equal(openOrders, report.PendingOutstanding);
        Assert.Equal(new Credits(await reading.LedgerEntries.SumAsync(e => e.PendingHundredths)), report.PendingOutstanding);
        Assert.Equal(report.LostByMonth, await new ReportQueries(reading, _clock).CreditsLostAsync(Actors.MallAdmin));
    }

    [SkippableFact]
    public async Task Months_before_the_reports_window_are_left_out()
    {
        await using var database = await stores.CreateAsync();
        await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        _clock.SetUtcNow(ChinaTime.Utc(2028, 1, 2));
        await using (var db = database.CreateContext()) await CoreServices.Expiry(db, _clock).RunAsync();
        _clock.SetUtcNow(ChinaTime.Utc(2029, 1, 2));

        await using var reading = database.CreateContext();
        var reports = new ReportQueries(reading, _clock);

        Assert.Empty(await reports.CreditsLostAsync(Actors.MallAdmin, months: 12));
        Assert.Equal([new CreditsLostByMonth(new DateOnly(2027, 12, 1), Credits.FromDecimal(5m), Credits.Zero)],
            await reports.CreditsLostAsync(Actors.MallAdmin, months: 14));
    }

    [SkippableFact]
    public async Task An_expired_coupon_stays_in_its_batchs_not_used_count_and_its_face_value_in_the_projects()
    {
        await using var database = await stores.CreateAsync();
        var item = await new MallBuilder().WithStock(10).ValidForDays(1).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "kept");
        Assert.Equal((10, 0, 0), await NotUsedExpiredAndUsedAsync(database, item.BatchId));

        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal((10, 1, 0), await NotUsedExpiredAndUsedAsync(database, item.BatchId));

        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "ridden");
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);
        Assert.Equal((9, 1, 1), await NotUsedExpiredAndUsedAsync(database, item.BatchId));

        await using var db = database.CreateContext();
        var project = Assert.Single(await new ReportQueries(db, _clock).ProjectsAsync(Actors.MallAdmin));
        // ¥2 × 10 allocated, one ¥2 coupon taken off a fare: ¥18 not used, the expired coupon's ¥2 among it.
        Assert.Equal((new Fen(20_00), new Fen(2_00), new Fen(18_00)), (project.Allocated, project.UsedAtRides, project.NotUsed));
    }

    private async Task<(int NotUsed, int Expired, int UsedAtRide)> NotUsedExpiredAndUsedAsync(TestStore database, long batchId)
    {
        await using var db = database.CreateContext();
        var row = (await new ReportQueries(db, _clock).BatchesAsync(Actors.MallAdmin)).Single(r => r.BatchId == batchId);
        return (row.NotUsed, row.Expired, row.UsedAtRide);
    }

    /// <summary>One takeaway order sent as pending at <paramref name="atUtc"/>; returns the credits it holds.</summary>
    private async Task<Credits> PendingOrderAsync(TestStore database, TestPartner partner, string eventId, DateTime atUtc, int quantity = 1)
    {
        _clock.SetUtcNow(atUtc);
        var result = Assert.Single(await database.SendAsync(_clock, partner,
            PartnerSetup.Event("eater-1", Methodology.TakeawayWithoutUtensils, quantity, atUtc, eventId) with { Pending = true }));
        Assert.True(result.Pending, result.Code);
        return result.Credits!.Value;
    }

    private async Task ReverseAsync(TestStore database, TestPartner partner, string eventId, DateTime atUtc)
    {
        _clock.SetUtcNow(atUtc);
        await using var db = database.CreateContext();
        var settled = Assert.Single(await CoreServices.Pending(db, _clock).ReverseAsync(Partner.SourceOf(partner.Code), [eventId], "Order cancelled"));
        Assert.Equal(SettlementOutcome.Reversed, settled.Outcome);
    }

    /// <summary>The same figures worked out in memory from the entries, each dated by its China day.</summary>
    private static async Task<List<CreditsLostByMonth>> LostByMonthFromEntriesAsync(Core.Persistence.CarbonDbContext db)
    {
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Kind == LedgerEntryKind.Expire || e.Kind == LedgerEntryKind.Reverse).ToListAsync();
        return entries
            .GroupBy(e => MonthOf(PlatformTime.ChinaDateOf(e.OccurredAt)))
            .OrderBy(g => g.Key)
            .Select(g => new CreditsLostByMonth(g.Key, new Credits(-g.Where(e => e.Kind == LedgerEntryKind.Expire).Sum(e => e.CreditHundredths)),
                new Credits(-g.Where(e => e.Kind == LedgerEntryKind.Reverse).Sum(e => e.PendingHundredths))))
            .ToList();

        static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
    }
}

public sealed class CreditLifeReportTestsOnSqlite() : CreditLifeReportTests(SqliteTestStores.Instance)
{
}

public sealed class CreditLifeReportTestsOnPostgres(PostgresTestStores postgres) : CreditLifeReportTests(postgres), IClassFixture<PostgresTestStores>
{
}
