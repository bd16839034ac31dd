using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Privacy;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Government;

/// <summary>
/// The counts a period's active citizens are read from (<see cref="ActiveCitizenCounts"/>) equal a direct distinct count
/// over every period, whatever order the months arrive in and however the catch-ups fall between them; the registered
/// citizens follow accounts opened, moved and closed; two catch-ups at once count once. On both stores.
/// </summary>
public abstract class ActiveCitizenCountsTests(ITestStores stores)
{
    private const string Yubei = "500112";
    private const string Jiangbei = "500105";
    private readonly TestClock _clock = new(new DateTimeOffset(ChinaTime.Utc(2026, 8, 20, 10, 0), TimeSpan.Zero));
    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly IReadOnlyList<DateOnly> Months = [.. Enumerable.Range(0, 6).Select(i => March.AddMonths(i))];

    [SkippableFact]
    public async Task Every_period_counts_each_citizen_once_whatever_order_the_months_arrive_in()
    {
        await using var database = await stores.CreateAsync();
        var random = new Random(17);
        var citizens = new List<long>();
        for (var i = 0; i < 7; i++) citizens.Add((await new CitizenBuilder().BuildAsync(database, _clock)).AccountId);
        // Each citizen is active in a random set of the six months, with one of two behaviours (two categories), and some move.
        var acts = citizens.SelectMany(account => Months.Where(_ => random.Next(3) > 0)
                .Select(month => (Account: account, Month: month, Behaviour: random.Next(2) == 0 ? Methodology.BusRide : Methodology.ElectronicWaybill,
                    District: random.Next(3) switch { 0 => Yubei, 1 => Jiangbei, _ => null })))
            .OrderBy(_ => random.Next()).ToList();
        Assert.True(acts.Count > 20);

        // Several batches, each of several accounts and months out of order, with a catch-up after some of them.
        foreach (var (batch, index) in acts.Chunk(6).Select((b, i) => (b, i)))
        {
            await using var db = database.CreateContext();
            foreach (var act in batch.DistinctBy(a => a.Account))
                await new CitizenDistricts(db).SetAsync(act.Account, act.District);
            await CoreServices.Earning(db, _clock).ImportHistoryAsync(batch
                .Select(a => EarnRequests.Of(a.Account, a.Behaviour, 1, ChinaTime.Utc(a.Month.Year, a.Month.Month, 10 + index % 15, 8, 0))).ToList());
            if (index % 2 == 1) await new ActiveCitizenCounts(db).CatchUpAsync();
        }

        await using var reading = database.CreateContext();
        var spans = await reading.ActivitySpans.AsNoTracking().Select(s => new { s.Scope, s.AccountId, s.Month }).ToListAsync();
        var scopes = spans.Select(s => s.Scope).Distinct().ToList();
        Assert.Contains(ActivityScope.District(Yubei), scopes);
        Assert.Contains(ActivityScope.DistrictCategory("", nameof(BehaviourCategory.Transport)), scopes);
        var counts = new ActiveCitizenCounts(reading);
        for (var from = 0; from < Months.Count; from++)
        for (var to = from; to < Months.Count; to++)
        {
            var period = new MonthRange(Months[from], Months[to]);
            var table = await counts.ReadAsync(period);
            foreach (var scope in scopes)
            {
                var inScope = spans.Where(s => s.Scope == scope && s.Month >= period.From && s.Month <= period.To).ToList();
                Assert.True(inScope.Select(s => s.AccountId).Distinct().Count() == table.Over(scope), $"{scope} over {MonthRange.Format(period.From)}..{MonthRange.Format(period.To)}");
                foreach (var month in period.Months)
                    Assert.Equal(inScope.Count(s => s.Month == month), table.In(scope, month));
            }
        }
        var report = await new InvariantChecker(reading).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(0, await reading.ActivitySpans.CountAsync(s => s.PreviousMonth == null));
    }

    [SkippableFact]
    public async Task A_month_counts_the_citizens_registered_at_its_end_and_those_active_in_it_who_were_not()
    {
        await using var database = await stores.CreateAsync();
        // March: two citizens open, one in Yubei; April: one moves to Jiangbei, a third opens; May: the second closes.
        _clock.SetUtcNow(ChinaTime.Utc(2026, 3, 5, 9, 0));
        var first = await new CitizenBuilder().BuildAsync(database, _clock);
        var second = await database.WithPasswordAsync(_clock, await new CitizenBuilder().Named("second").BuildAsync(database, _clock));
        await using (var db = database.CreateContext()) await new CitizenDistricts(db).SetAsync(first.AccountId, Yubei);
        _clock.SetUtcNow(ChinaTime.Utc(2026, 4, 30, 23, 0));
        await using (var db = database.CreateContext()) await new CitizenDistricts(db).SetAsync(first.AccountId, Jiangbei);
        var third = await new CitizenBuilder().Named("third").BuildAsync(database, _clock);
        // The third brings history from March, before the account was opened here; the second earns in May, then closes.
        await using (var db = database.CreateContext())
        {
            await new TestLedger(db, _clock).RecordHistoryAsync(EarnRequests.Of(third.AccountId, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 9, 8, 0)));
            _clock.SetUtcNow(ChinaTime.Utc(2026, 5, 10, 9, 0));
            await new TestLedger(db, _clock).RecordEarnAsync(EarnRequests.Of(second.AccountId, Methodology.BusRide, 1, _clock.UtcNow));
            await new ActiveCitizenCounts(db).CatchUpAsync();
        }
        _clock.SetUtcNow(ChinaTime.Utc(2026, 5, 20, 9, 0));
        await database.CloseAsync(_clock, second);

        await using var reading = database.CreateContext();
        var counts = new ActiveCitizenCounts(reading);
        var registered = await counts.RegisteredAsync(new DateOnly(2026, 6, 1));
        Assert.Equal([2L, 3L, 2L, 2L], Months.Take(4).Select(m => registered.AtEndOf(m)));
        // By the district each names now, as the district table shows them: the first citizen counts in Jiangbei in March too.
        Assert.Equal(0, registered.AtEndOf(March, Yubei));
        Assert.Equal(1, registered.AtEndOf(March, Jiangbei));
        Assert.Equal(new Dictionary<string, long> { [Jiangbei] = 1, [""] = 1 }, registered.ByDistrictAtEndOf(new DateOnly(2026, 5, 1)).Where(d => d.Value != 0).ToDictionary());
        var table = await counts.ReadAsync(new MonthRange(March, new DateOnly(2026, 5, 1)));
        Assert.Equal(1, table.In(ActivityScope.Unregistered, March));
        Assert.Equal(0, table.In(ActivityScope.Unregistered, new DateOnly(2026, 4, 1)));
        Assert.Equal(1, table.In(ActivityScope.Unregistered, new DateOnly(2026, 5, 1)));
        var report = await new InvariantChecker(reading).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task Catch_ups_at_once_count_each_span_once()
    {
        await using var database = await stores.CreateAsync();
        var citizens = new List<long>();
        for (var i = 0; i < 4; i++) citizens.Add((await new CitizenBuilder().BuildAsync(database, _clock)).AccountId);
        await using (var db = database.CreateContext())
            await CoreServices.Earning(db, _clock).ImportHistoryAsync(citizens.SelectMany(a => Months.Select(m =>
                EarnRequests.Of(a, Methodology.BusRide, 1, ChinaTime.Utc(m.Year, m.Month, 3, 8, 0)))).ToList());

        var counted = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var db = database.CreateContext();
            return await new ActiveCitizenCounts(db).CatchUpAsync();
        }));

        Assert.Single(counted, c => c > 0);
        await using var reading = database.CreateContext();
        var table = await new ActiveCitizenCounts(reading).ReadAsync(new MonthRange(Months[0], Months[^1]));
        Assert.Equal(4, table.Over(ActivityScope.Platform));
        Assert.All(Months, m => Assert.Equal(4, table.In(ActivityScope.Behaviour(Methodology.BusRide), m)));
        var report = await new InvariantChecker(reading).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task A_missing_span_a_count_that_drifted_a_wrong_previous_month_and_registered_citizens_that_drifted_are_found()
    {
        await using var database = await stores.CreateAsync();
        var rider = (await new CitizenBuilder().BuildAsync(database, _clock)).AccountId;
        await using (var db = database.CreateContext())
        {
            await CoreServices.Earning(db, _clock).ImportHistoryAsync(Months.Take(3).Select(m =>
                EarnRequests.Of(rider, Methodology.BusRide, 1, ChinaTime.Utc(m.Year, m.Month, 3, 8, 0))).ToList());
            await new ActiveCitizenCounts(db).CatchUpAsync();
        }

        await using (var db = database.CreateContext())
            await db.Database.ExecuteSqlRawAsync($$"""
                DELETE FROM "ActivitySpans" WHERE "Scope" = 'b:{{Methodology.BusRide}}' AND "AccountId" = {{rider}} AND "Month" = {0};
                UPDATE "ActiveCitizenCounts" SET "Citizens" = "Citizens" + 1 WHERE "Scope" = '*' AND "Month" = {0};
                UPDATE "ActivitySpans" SET "PreviousMonth" = {1} WHERE "Scope" = 'c:Transport' AND "AccountId" = {{rider}} AND "Month" = {2};
                UPDATE "RegisteredCitizenMonths" SET "Opened" = "Opened" + 2
                """, Months[0], ActivityScope.NoPreviousMonth, Months[2]);
        await using var reading = database.CreateContext();
        var report = await new InvariantChecker(reading).CheckAsync();

        Assert.Equal([Invariant.ActivitySpansMatchActivity, Invariant.ActiveCountsMatchSpans, Invariant.RegisteredCitizensMatchAccounts], report.Broken);
        Assert.Equal($"#{rider} 2026-03 b:{Methodology.BusRide}: no span for activity rows", report[Invariant.ActivitySpansMatchActivity].Samples.Single().Description);
        var counts = report[Invariant.ActiveCountsMatchSpans].Samples.Select(s => s.Description).ToList();
        Assert.Contains("2026-03 * after none: count +1 against the spans", counts);
        Assert.Contains($"2026-03 b:{Methodology.BusRide} after none: count +1 against the spans", counts);
        Assert.Contains("2026-05 c:Transport after none: count -1 against the spans, 1 spans name a previous month that is not their account's", counts);
        Assert.Contains("2026-05 c:Transport after 2026-04: count +1 against the spans", counts);
        Assert.Equal("2026-08 in no district: opened +2 against the accounts", report[Invariant.RegisteredCitizensMatchAccounts].Samples.Single().Description);
    }
}

public sealed class ActiveCitizenCountsTestsOnSqlite() : ActiveCitizenCountsTests(SqliteTestStores.Instance)
{
}

public sealed class ActiveCitizenCountsTestsOnPostgres(PostgresTestStores postgres) : ActiveCitizenCountsTests(postgres), IClassFixture<PostgresTestStores>
{
}
