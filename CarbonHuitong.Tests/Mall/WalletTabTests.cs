using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Mall;

/// <summary>
/// The wallet's tabs 未使用 / 已使用 / 已过期: each filtered and paged in the database, their counts in one grouped query,
/// and a coupon's page with where it came from and where it was used, for its owner only.
/// </summary>
public abstract class WalletTabTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Each_tab_holds_its_coupons_in_its_order_and_the_counts_agree()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);

        await using var db = database.CreateContext();
        var mall = new MallQueries(db, _clock);

        Assert.Equal(new WalletCounts(Unused: 3, Used: 2, Expired: 2), await mall.CountWalletAsync(wallet.Citizen.AccountId));
        Assert.Equal(wallet.Unused, await IdsAsync(mall, wallet.Citizen, CouponStatus.Unused));
        Assert.Equal(wallet.Used, await IdsAsync(mall, wallet.Citizen, CouponStatus.Used));
        Assert.Equal(wallet.Expired, await IdsAsync(mall, wallet.Citizen, CouponStatus.Expired));
        Assert.All(await mall.GetWalletAsync(wallet.Citizen.AccountId, CouponStatus.Expired), c => Assert.Equal(CouponStatus.Expired, c.Status));
        // The neighbour's coupon is in none of the citizen's tabs, and the neighbour sees only it.
        Assert.Equal(new WalletCounts(1, 0, 0), await mall.CountWalletAsync(wallet.Neighbour.AccountId));
    }

    [SkippableFact]
    public async Task A_tab_is_paged_in_the_database_and_counts_its_whole_length()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);

        await using var db = database.CreateContext();
        var mall = new MallQueries(db, _clock);
        var first = await mall.GetWalletPageAsync(wallet.Citizen.AccountId, CouponStatus.Unused, 1, 2);
        var second = await mall.GetWalletPageAsync(wallet.Citizen.AccountId, CouponStatus.Unused, 2, 2);

        Assert.Equal((3, 2), (first.TotalCount, first.PageCount));
        Assert.Equal(wallet.Unused, first.Items.Concat(second.Items).Select(c => c.Id));
        Assert.Empty((await mall.GetWalletPageAsync(wallet.Citizen.AccountId, CouponStatus.Unused, 3, 2)).Items);
        Assert.Equal(ErrorCodes.BadPage,
            (await Assert.ThrowsAsync<DomainException>(() => mall.GetWalletPageAsync(wallet.Citizen.AccountId, CouponStatus.Used, 0, 10))).Code);
        Assert.Equal(ErrorCodes.BadRequest,
            (await Assert.ThrowsAsync<DomainException>(() => mall.GetWalletPageAsync(wallet.Citizen.AccountId, CouponStatus.Voided, 1, 10))).Code);
    }

    [SkippableFact]
    public async Task A_coupon_reaches_the_expired_tab_at_its_expiry_instant_not_a_moment_before()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);
        var soonest = wallet.Unused[0];
        await using (var db = database.CreateContext())
            _clock.SetUtcNow(await db.Coupons.Where(c => c.Id == soonest).Select(c => c.ExpiresAt).SingleAsync());

        await using var later = database.CreateContext();
        var mall = new MallQueries(later, _clock);

        Assert.Equal(new WalletCounts(Unused: 2, Used: 2, Expired: 3), await mall.CountWalletAsync(wallet.Citizen.AccountId));
        Assert.Equal(soonest, (await IdsAsync(mall, wallet.Citizen, CouponStatus.Expired))[0]);
    }

    [SkippableFact]
    public async Task The_counts_are_one_query_and_a_coupons_page_is_one_query()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);
        var counter = new CommandCounter();
        await using var db = CountingContext(database, counter);
        var mall = new MallQueries(db, _clock);

        await mall.CountWalletAsync(wallet.Citizen.AccountId);
        Assert.Equal(1, counter.Commands);
        await mall.FindCouponDetailAsync(wallet.Citizen.AccountId, wallet.Used[0]);
        Assert.Equal(2, counter.Commands);
    }

    [SkippableFact]
    public async Task A_used_coupons_page_shows_its_item_batch_project_price_and_the_line_vehicle_and_time_it_was_used()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);

        await using var db = database.CreateContext();
        var detail = await new MallQueries(db, _clock).FindCouponDetailAsync(wallet.Citizen.AccountId, wallet.Used[0]);

        Assert.NotNull(detail);
        var coupon = await db.Coupons.AsNoTracking().SingleAsync(c => c.Id == wallet.Used[0]);
        var item = await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == coupon.MallItemId);
        var batch = await db.CouponBatches.AsNoTracking().SingleAsync(b => b.Id == item.BatchId);
        var project = await db.EmissionProjects.AsNoTracking().SingleAsync(p => p.Id == batch.ProjectId);
        Assert.Equal((item.Id, "Five-day coupon", batch.Id, project.Name, project.Organization, Credits.FromDecimal(20m)),
            (detail.ItemId, detail.ItemTitle.En, detail.BatchId, detail.ProjectName, detail.ProjectOrganization, detail.Price));
        Assert.Equal((CouponStatus.Used, coupon.Code, new Fen(200)), (detail.Coupon.Status, detail.Coupon.Code, detail.Coupon.FaceValue));
        Assert.Equal((TransitBuilder.LineId, TransitBuilder.VehicleId, wallet.RodeAt), (detail.Coupon.UsedLineId, detail.Coupon.UsedVehicleId, detail.Coupon.UsedAt));
    }

    [SkippableFact]
    public async Task Another_citizens_coupon_is_not_found()
    {
        await using var database = await stores.CreateAsync();
        var wallet = await WalletAsync(database);

        await using var db = database.CreateContext();
        var mall = new MallQueries(db, _clock);

        Assert.Null(await mall.FindCouponDetailAsync(wallet.Neighbour.AccountId, wallet.Unused[0]));
        Assert.Null(await mall.FindCouponDetailAsync(wallet.Citizen.AccountId, wallet.NeighboursCoupon));
        Assert.NotNull(await mall.FindCouponDetailAsync(wallet.Neighbour.AccountId, wallet.NeighboursCoupon));
    }

    /// <param name="Unused">Soonest expiry first.</param>
    /// <param name="Used">Latest use first.</param>
    /// <param name="Expired">Latest expiry first.</param>
    private sealed record Wallet(Citizen Citizen, Citizen Neighbour, long[] Unused, long[] Used, long[] Expired, long NeighboursCoupon, DateTime RodeAt);

    /// <summary>
    /// A citizen with seven coupons: one-day coupons redeemed on day 0 and 1 (both expired by day 3), two five-day
    /// coupons used on rides on day 3 (a ride takes the soonest expiry first), and coupons of 20, 40 and 30 days unused.
    /// A neighbour holds one coupon of their own.
    /// </summary>
    private async Task<Wallet> WalletAsync(TestStore database)
    {
        var citizen = await new CitizenBuilder().WithCredits(140m).BuildAsync(database, _clock);
        var neighbour = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var oneDay = await new MallBuilder().Titled("One-day coupon").ValidForDays(1).BuildAsync(database, _clock);
        var fiveDay = await new MallBuilder().Titled("Five-day coupon").ValidForDays(5).BuildAsync(database, _clock);
        var expiredFirst = await RedeemAsync(database, citizen, oneDay.Id);
        var used = new[] { await RedeemAsync(database, citizen, fiveDay.Id), await RedeemAsync(database, citizen, fiveDay.Id) };
        var twenty = await RedeemAsync(database, citizen, (await new MallBuilder().ValidForDays(20).BuildAsync(database, _clock)).Id);
        var forty = await RedeemAsync(database, citizen, (await new MallBuilder().ValidForDays(40).BuildAsync(database, _clock)).Id);
        var thirty = await RedeemAsync(database, citizen, (await new MallBuilder().ValidForDays(30).BuildAsync(database, _clock)).Id);
        var neighbours = await RedeemAsync(database, neighbour, fiveDay.Id);
        _clock.Advance(TimeSpan.FromDays(1));
        var expiredLast = await RedeemAsync(database, citizen, oneDay.Id);

        _clock.Advance(TimeSpan.FromDays(2));
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var rodeAt = _clock.UtcNow;
        Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);

        // The two five-day coupons expire at the same instant; the ride takes the lower id first, and the later use shows first.
        return new Wallet(citizen, neighbour, [twenty, thirty, forty], [used[1], used[0]], [expiredLast, expiredFirst], neighbours, rodeAt);
    }

    private async Task<long> RedeemAsync(TestStore database, Citizen citizen, long itemId) =>
        (await database.RedeemAsync(_clock, citizen.AccountId, itemId, Guid.NewGuid().ToString("N"))).Coupon.Id;

    private static async Task<long[]> IdsAsync(MallQueries mall, Citizen citizen, CouponStatus tab) =>
        (await mall.GetWalletPageAsync(citizen.AccountId, tab, 1, 10)).Items.Select(c => c.Id).ToArray();

    private static CarbonDbContext CountingContext(TestStore database, CommandCounter counter) => database switch
    {
        TestDatabase sqlite => new CarbonDbContext(new DbContextOptionsBuilder<CarbonDbContext>(sqlite.Options).AddInterceptors(counter).Options),
        PostgresTestDatabase postgres =>
            new PostgresCarbonDbContext(new DbContextOptionsBuilder<PostgresCarbonDbContext>(postgres.Options).AddInterceptors(counter).Options),
        _ => throw new ArgumentOutOfRangeException(nameof(database)),
    };
}

public sealed class WalletTabTestsOnSqlite() : WalletTabTests(SqliteTestStores.Instance)
{
}

public sealed class WalletTabTestsOnPostgres(PostgresTestStores postgres) : WalletTabTests(postgres), IClassFixture<PostgresTestStores>
{
}
