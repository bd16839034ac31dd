using System.Data.Common;
using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Reports;

/// <summary>
/// The mall admin's reports over a small world: two projects, four batches (one-day coupons, thirty-day coupons, one
/// awaiting review, one rejected), redemptions, a ride paid with a coupon, a coupon left to expire, and citizens' earns
/// across a China month boundary. Platform figures are checked against plain SQL over the ledger.
/// </summary>
public sealed class ReportTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task Each_batch_reports_coupons_funded_redeemed_used_at_a_ride_expired_and_left()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var world = await SeedAsync(database);

        var rows = await database.AsRequestAsync(_clock, s => s.Reports.BatchesAsync(Actors.MallAdmin));

        Assert.Equal(
            [
                (world.OneDayBatch, BatchStatus.Listed, 50, 1, 0, 1, 49),
                (world.ThirtyDayBatch, BatchStatus.Listed, 200, 3, 1, 0, 197),
                (world.SubmittedBatch, BatchStatus.Submitted, 300, 0, 0, 0, 300),
                (world.RejectedBatch, BatchStatus.Rejected, 100, 0, 0, 0, 0),
            ],
            rows.Select(r => (r.BatchId, r.Status, r.Funded, r.Redeemed, r.UsedAtRide, r.Expired, r.Left)));
        Assert.All(rows, r => Assert.Equal((new Fen(2_00), Actors.TransportGroup), (r.FaceValue, r.Organization)));
    }

    [Fact]
    public async Task Each_project_reports_tonnes_issued_and_sold_revenue_allocated_and_face_value_used_at_rides()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var world = await SeedAsync(database);

        var rows = await database.AsRequestAsync(_clock, s => s.Reports.ProjectsAsync(Actors.MallAdmin));

        Assert.Equal(
            [
                // Another Org's: 2,000 of 5,000 t sold at ¥7.00, nothing allocated yet.
                (world.OtherProject, 5_000L, 2_000L, new Fen(14_000_00), Fen.Zero, Fen.Zero),
                // The seeds' ¥1,000,000; batches of 50 + 200 + 300 ¥2 coupons hold ¥1,100 (the rejected one gave its ¥200 back);
                // one ¥2 coupon was taken off a fare.
                (world.BusProject, 166_000L, 166_000L, ProjectBuilder.SeedRevenue, new Fen(1_100_00), new Fen(2_00)),
            ],
            rows.Select(r => (r.ProjectId, r.TonnesIssued, r.TonnesSold, r.Revenue, r.Allocated, r.UsedAtRides)));
    }

    [Fact]
    public async Task Platform_figures_equal_what_the_ledger_holds()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await SeedAsync(database);

        var report = await database.AsRequestAsync(_clock, s => s.Reports.PlatformAsync(Actors.MallAdmin));

        await using var db = database.CreateContext();
        Assert.Equal(3, report.Citizens);
        Assert.Equal(await ScalarAsync(db, "SELECT COUNT(*) FROM Rides"), report.Rides);
        Assert.Equal(2, report.Rides);
        Assert.Equal(await ScalarAsync(db, "SELECT SUM(CreditHundredths) FROM LedgerEntries WHERE Kind = 'Earn'"), report.CreditsEarned.Hundredths);
        Assert.Equal(await ScalarAsync(db, "SELECT -SUM(CreditHundredths) FROM LedgerEntries WHERE Kind = 'Spend'"), report.CreditsSpent.Hundredths);
        Assert.Equal(Credits.FromDecimal(80m), report.CreditsSpent);
        Assert.Equal(await ScalarAsync(db, "SELECT SUM(Milligrams) FROM LedgerEntries"), report.Reduced.Milligrams);
    }

    [Fact]
    public async Task Reductions_by_China_month_and_behaviour_equal_the_ledgers_earns_summed_by_month()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        await SeedAsync(database);

        var report = await database.AsRequestAsync(_clock, s => s.Reports.PlatformAsync(Actors.MallAdmin));

        await using var db = database.CreateContext();
        var ledger = await RowsAsync(db, """
            SELECT strftime('%Y-%m-01', OccurredAt, '+8 hours'), BehaviourCode, Category, SUM(Milligrams), SUM(CreditHundredths), COUNT(*)
            FROM LedgerEntries WHERE Kind = 'Earn'
            GROUP BY 1, BehaviourCode, Category ORDER BY 1, BehaviourCode
            """);
        Assert.Equal(ledger, report.ByMonth.Select(m =>
            $"{m.Month:yyyy-MM-dd}|{m.BehaviourCode}|{m.Category}|{m.Reduction.Milligrams}|{m.Credits.Hundredths}|{m.Entries}"));
        // The walk at 00:30 on 1 March in Chongqing (28 February in UTC) counts in March.
        Assert.Equal(
            [
                (new DateOnly(2026, 2, 1), Methodology.TakeawayWithoutUtensils, 1L),
                (new DateOnly(2026, 2, 1), Methodology.Walking, 1L),
                (new DateOnly(2026, 3, 1), Methodology.BusRide, 2L),
                (new DateOnly(2026, 3, 1), Methodology.TakeawayWithoutUtensils, 1L),
                (new DateOnly(2026, 3, 1), Methodology.Walking, 2L),
            ],
            report.ByMonth.Select(m => (m.Month, m.BehaviourCode, m.Entries)));
    }

    [Fact]
    public async Task One_days_bus_rides_of_many_citizens_are_kept_in_slots_and_reported_as_one_total()
    {
        await using var database = await InitializedDatabase.CopyAsync();
        for (var i = 0; i < 40; i++)
        {
            var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
            await EarnAsync(database, citizen, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 18, 8, 0));
        }

        var report = await database.AsRequestAsync(_clock, s => s.Reports.PlatformAsync(Actors.MallAdmin));

        await using var db = database.CreateContext();
        Assert.Equal(DailyReduction.Slots, await ScalarAsync(db, "SELECT COUNT(*) FROM DailyReductions WHERE BehaviourCode = 'bus_ride'"));
        var march = Assert.Single(report.ByMonth);
        Assert.Equal((Methodology.BusRide, 40L, Credits.FromDecimal(44m), CarbonMass.FromGrams(40 * 120m)),
            (march.BehaviourCode, march.Entries, march.Credits, march.Reduction));
    }

    [Theory]
    [InlineData("th-TH")] // Buddhist calendar: 2026 is 2569
    [InlineData("ar-SA")] // Um Al-Qura calendar
    public async Task An_earn_rolls_up_into_its_China_day_whatever_the_servers_culture(string culture)
    {
        await using var database = await InitializedDatabase.CopyAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var serverCulture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo(culture);
            await EarnAsync(database, citizen, Methodology.Walking, 10, _clock.UtcNow);
        }
        finally
        {
            CultureInfo.CurrentCulture = serverCulture;
        }

        await using var db = database.CreateContext();
        Assert.Equal(["2026-03-18|walking|1"], await RowsAsync(db, "SELECT Day, BehaviourCode, Entries FROM DailyReductions"));
    }

    [Theory]
    [InlineData("batches")]
    [InlineData("projects")]
    [InlineData("platform")]
    public async Task Only_a_mall_admin_may_read_reports_a_project_owner_is_forbidden(string report)
    {
        await using var database = await InitializedDatabase.CopyAsync();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock, s => report switch
        {
            "batches" => s.Reports.BatchesAsync(Actors.TransportOwner),
            "projects" => s.Reports.ProjectsAsync(Actors.TransportOwner),
            _ => (Task)s.Reports.PlatformAsync(Actors.TransportOwner),
        }));

        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
    }

    private sealed record World(long BusProject, long OtherProject, long OneDayBatch, long ThirtyDayBatch, long SubmittedBatch, long RejectedBatch);

    private async Task<World> SeedAsync(TestDatabase database)
    {
        var busProject = await new ProjectBuilder().BuildAsync(database, _clock);
        var otherProject = await new ProjectBuilder().OwnedBy(Actors.OtherOwner).Named("Another Org's wind farm")
            .Issued(5_000).Sold((2_000, new Fen(7_00))).BuildAsync(database, _clock);

        var oneDayItem = await database.PutOnShelfAsync(_clock, busProject, Batches.TwoYuanCoupons(50, validDays: 1), Batches.Listing("One-day coupon"));
        var thirtyDayItem = await database.PutOnShelfAsync(_clock, busProject, Batches.TwoYuanCoupons(200, validDays: 30), Batches.Listing("Thirty-day coupon"));
        var submitted = await database.FundAndSubmitAsync(_clock, busProject, Batches.TwoYuanCoupons(300));
        var rejected = await database.FundAndSubmitAsync(_clock, busProject, Batches.TwoYuanCoupons(100));
        await database.AsRequestAsync(_clock, s => s.Batches.RejectAsync(Actors.MallAdmin, rejected, "One ¥2 batch awaiting review is enough."));

        var rider = await new CitizenBuilder().WithCredits(100m).BuildAsync(database, _clock);
        var saver = await new CitizenBuilder().WithCredits(60m).BuildAsync(database, _clock);
        var walker = await new CitizenBuilder().BuildAsync(database, _clock);
        await EarnAsync(database, walker, Methodology.Walking, 8.5m, ChinaTime.Utc(2026, 2, 10, 8, 0));
        await EarnAsync(database, saver, Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 2, 28, 23, 30));
        await EarnAsync(database, walker, Methodology.Walking, 12, ChinaTime.Utc(2026, 3, 1, 0, 30));
        await EarnAsync(database, saver, Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 3, 12, 12, 0));
        await EarnAsync(database, rider, Methodology.Walking, 6.25m, ChinaTime.Utc(2026, 3, 17, 18, 0));

        var oneDayBatch = await BatchOfAsync(database, oneDayItem);
        var thirtyDayBatch = await BatchOfAsync(database, thirtyDayItem);
        await RedeemAsync(database, rider, oneDayItem, "rider-one-day");
        await RedeemAsync(database, rider, thirtyDayItem, "rider-thirty-day");
        await RedeemAsync(database, saver, thirtyDayItem, "saver-1");
        await RedeemAsync(database, saver, thirtyDayItem, "saver-2");

        // Two days on, the rider's one-day coupon has expired; the ride takes the thirty-day one.
        _clock.Advance(TimeSpan.FromDays(2));
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        Assert.True((await validator.ScanAsync(validator.ScanOf(rider.AccountId))).CouponApplied);
        Assert.False((await validator.ScanAsync(validator.ScanOf(walker.AccountId))).CouponApplied);
        await TransitInvariants.AssertHoldAsync(database);

        return new World(busProject, otherProject, oneDayBatch, thirtyDayBatch, submitted, rejected);
    }

    private async Task EarnAsync(TestDatabase database, Citizen citizen, string behaviour, decimal quantity, DateTime occurredAtUtc)
    {
        await using var db = database.CreateContext();
        await new TestLedger(db, _clock).RecordHistoryAsync(EarnRequests.Of(citizen.AccountId, behaviour, quantity, occurredAtUtc));
    }

    private Task RedeemAsync(TestDatabase database, Citizen citizen, long itemId, string requestId) =>
        database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, requestId));

    private static async Task<long> BatchOfAsync(TestDatabase database, long itemId)
    {
        await using var db = database.CreateContext();
        return await db.MallItems.Where(i => i.Id == itemId).Select(i => i.BatchId).SingleAsync();
    }

    private static async Task<long> ScalarAsync(DbContext db, string sql) => (await RowsAsync(db, sql)).Select(long.Parse).Single();

    /// <summary>Each row's columns joined with '|'.</summary>
    private static async Task<List<string>> RowsAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }
}
