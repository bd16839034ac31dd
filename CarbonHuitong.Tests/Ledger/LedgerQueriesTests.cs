using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Ledger;

/// <summary>The clock stands at Wednesday 18 March 2026, 10:00 China time.</summary>
public sealed class LedgerQueriesTests : IAsyncLifetime
{
    private readonly TestClock _clock = new();
    private TestDatabase _database = null!;
    private Citizen _citizen = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _citizen = await new CitizenBuilder().BuildAsync(_database, _clock);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task History_of_45_entries_comes_in_3_pages_of_20_newest_first()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        for (var hoursAgo = 45; hoursAgo >= 1; hoursAgo--)
            await ledger.RecordHistoryAsync(EarnRequests.Of(_citizen.AccountId, Methodology.BusRide, 1, _clock.UtcNow.AddHours(-hoursAgo)));
        var queries = new LedgerQueries(db, _clock);

        var pages = new List<Page<LedgerEntryView>>();
        for (var number = 1; number <= 3; number++)
            pages.Add(await queries.GetHistoryAsync(_citizen.AccountId, new LedgerFilter(), number, 20));

        Assert.All(pages, page => Assert.Equal(45, page.TotalCount));
        Assert.All(pages, page => Assert.Equal(3, page.PageCount));
        Assert.Equal([20, 20, 5], pages.Select(p => p.Items.Count));
        var all = pages.SelectMany(p => p.Items).ToList();
        Assert.Equal(45, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(_clock.UtcNow.AddHours(-1), all[0].OccurredAtUtc);
        Assert.Equal(_clock.UtcNow.AddHours(-45), all[^1].OccurredAtUtc);
        Assert.Equal(all.OrderByDescending(e => e.OccurredAtUtc).Select(e => e.Id), all.Select(e => e.Id));
        Assert.Equal(49.50m, all[0].BalanceAfter.Value);
        Assert.All(all, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAtUtc.Kind));
    }

    [Fact]
    public async Task History_filters_by_behaviour()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        for (var i = 1; i <= 7; i++)
        {
            var behaviour = i % 2 == 0 ? Methodology.MetroRide : Methodology.BusRide;
            await ledger.RecordHistoryAsync(EarnRequests.Of(_citizen.AccountId, behaviour, 1, _clock.UtcNow.AddHours(-i)));
        }

        var metro = await new LedgerQueries(db, _clock)
            .GetHistoryAsync(_citizen.AccountId, new LedgerFilter(BehaviourCode: Methodology.MetroRide), 1, 20);

        Assert.Equal(3, metro.TotalCount);
        Assert.All(metro.Items, e => Assert.Equal(Methodology.MetroRide, e.BehaviourCode));
    }

    [Fact]
    public async Task An_entry_at_23_30_China_time_belongs_to_that_China_date()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        await EarnAsync(ledger, Methodology.ElectronicWaybill, 1, ChinaTime.Utc(2026, 3, 9, 23, 59));
        await EarnAsync(ledger, Methodology.Walking, 1, ChinaTime.Utc(2026, 3, 10, 0, 0));
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 10, 23, 30)); // 15:30 UTC, same UTC date
        await EarnAsync(ledger, Methodology.MetroRide, 1, ChinaTime.Utc(2026, 3, 11, 0, 30)); // 16:30 UTC on the 10th
        var queries = new LedgerQueries(db, _clock);

        var tenth = await queries.GetHistoryAsync(_citizen.AccountId, new LedgerFilter(From: new(2026, 3, 10), To: new(2026, 3, 10)), 1, 20);
        var eleventh = await queries.GetHistoryAsync(_citizen.AccountId, new LedgerFilter(From: new(2026, 3, 11), To: new(2026, 3, 11)), 1, 20);
        var fromTenth = await queries.GetHistoryAsync(_citizen.AccountId, new LedgerFilter(From: new(2026, 3, 10)), 1, 20);
        var toNinth = await queries.GetHistoryAsync(_citizen.AccountId, new LedgerFilter(To: new(2026, 3, 9)), 1, 20);

        Assert.Equal([Methodology.BusRide, Methodology.Walking], tenth.Items.Select(e => e.BehaviourCode));
        Assert.Equal([Methodology.MetroRide], eleventh.Items.Select(e => e.BehaviourCode));
        Assert.Equal(3, fromTenth.TotalCount);
        Assert.Equal([Methodology.ElectronicWaybill], toNinth.Items.Select(e => e.BehaviourCode));
    }

    [Fact]
    public async Task Weekly_reduction_trend_counts_earns_per_China_week_and_includes_empty_weeks()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2026, 2, 22, 23, 30));      // before the first week shown
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 3, 9, 0));         // week of 2 March
        await EarnAsync(ledger, Methodology.MetroRide, 1, ChinaTime.Utc(2026, 3, 8, 23, 30));     // Sunday night: still week of 2 March
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 9, 0, 30));        // Monday 00:30 (Sunday in UTC): week of 9 March
        await EarnAsync(ledger, Methodology.SharedBicycle, 2, ChinaTime.Utc(2026, 3, 16, 7, 0));  // week of 16 March
        await ledger.SpendAsync(_citizen.AccountId, Credits.FromDecimal(3m), "Not a reduction", null);

        var trend = await new LedgerQueries(db, _clock).GetReductionTrendAsync(_citizen.AccountId, TrendPeriod.Week, 4);

        Assert.Equal(
        [
            new ReductionPoint(new(2026, 2, 23), new CarbonMass(0), Credits.Zero),
            new ReductionPoint(new(2026, 3, 2), CarbonMass.FromGrams(635.5m), Credits.FromDecimal(5.83m)),
            new ReductionPoint(new(2026, 3, 9), CarbonMass.FromGrams(120m), Credits.FromDecimal(1.10m)),
            new ReductionPoint(new(2026, 3, 16), CarbonMass.FromGrams(500m), Credits.FromDecimal(4.58m)),
        ], trend);
    }

    [Fact]
    public async Task Monthly_reduction_trend_counts_earns_per_China_month_and_includes_empty_months()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2025, 12, 31, 23, 30));               // before the first month shown
        await EarnAsync(ledger, Methodology.BusRide, 1, ChinaTime.Utc(2026, 2, 1, 0, 30));                  // 31 January in UTC
        await EarnAsync(ledger, Methodology.TakeawayWithoutUtensils, 1, ChinaTime.Utc(2026, 2, 28, 23, 30));
        await EarnAsync(ledger, Methodology.MetroRide, 1, ChinaTime.Utc(2026, 3, 1, 0, 30));                // 28 February in UTC

        var trend = await new LedgerQueries(db, _clock).GetReductionTrendAsync(_citizen.AccountId, TrendPeriod.Month, 3);

        Assert.Equal(
        [
            new ReductionPoint(new(2026, 1, 1), new CarbonMass(0), Credits.Zero),
            new ReductionPoint(new(2026, 2, 1), CarbonMass.FromGrams(165.72m), Credits.FromDecimal(1.52m)),
            new ReductionPoint(new(2026, 3, 1), CarbonMass.FromGrams(515.5m), Credits.FromDecimal(4.73m)),
        ], trend);
    }

    [Fact]
    public async Task Category_breakdown_sums_each_category_largest_reduction_first()
    {
        await using var db = _database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        for (var i = 0; i < 3; i++) await EarnAsync(ledger, Methodology.BusRide, 1, _clock.UtcNow.AddHours(-i));
        for (var i = 0; i < 2; i++) await EarnAsync(ledger, Methodology.TakeawayWithoutUtensils, 1, _clock.UtcNow.AddHours(-i));
        for (var i = 0; i < 5; i++) await EarnAsync(ledger, Methodology.ElectronicWaybill, 1, _clock.UtcNow.AddHours(-i));
        await ledger.SpendAsync(_citizen.AccountId, Credits.FromDecimal(1m), "Not a reduction", null);
        await ledger.AdjustAsync(_citizen.AccountId, Credits.FromDecimal(2m), "Not a reduction either");

        var breakdown = await new LedgerQueries(db, _clock).GetCategoryBreakdownAsync(_citizen.AccountId);

        Assert.Equal(
        [
            new CategoryTotal(BehaviourCategory.Transport, CarbonMass.FromGrams(360m), Credits.FromDecimal(3.30m), 3),
            new CategoryTotal(BehaviourCategory.Food, CarbonMass.FromGrams(91.44m), Credits.FromDecimal(0.84m), 2),
            new CategoryTotal(BehaviourCategory.Use, CarbonMass.FromGrams(25m), Credits.FromDecimal(0.25m), 5),
        ], breakdown);
        var onAccount = await db.AccountTotalsAsync(_citizen.AccountId);
        Assert.Equal(onAccount.EarnedHundredths, breakdown.Sum(c => c.Credits.Hundredths));
        Assert.Equal(onAccount.ReducedMilligrams, breakdown.Sum(c => c.Reduction.Milligrams));
    }

    private Task<EarnResult> EarnAsync(TestLedger ledger, string behaviour, decimal quantity, DateTime occurredAtUtc) =>
        ledger.RecordHistoryAsync(EarnRequests.Of(_citizen.AccountId, behaviour, quantity, occurredAtUtc));
}
