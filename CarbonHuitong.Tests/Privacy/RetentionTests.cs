using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Privacy;

/// <summary>
/// Personal data past its retention period is erased in place by the scheduled clean-up, run here directly on the
/// test's clock: vehicle ids after 90 days, the audit log's emails after 180, partner events by their own step.
/// </summary>
public abstract class RetentionTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task Vehicle_ids_go_after_their_period_audit_emails_after_theirs_and_a_second_run_changes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var validator = await Validator.RegisterAsync(database, _clock, await database.LoadRideCodesAsync(_clock));
        var item = await new MallBuilder().Priced(20m).WithStock(10).BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "r-1");
        var oldRide = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        _clock.Advance(TimeSpan.FromDays(60));
        var recentRide = await validator.ScanAsync(validator.ScanOf(citizen.AccountId));
        _clock.Advance(TimeSpan.FromDays(31));

        var first = await RunAsync(database);

        Assert.Equal([(RetentionService.Rides, 1), (RetentionService.Coupons, 1), (RetentionService.AuditEmails, 0)], first.Erased);
        await using (var db = database.CreateContext())
        {
            var rides = await db.Rides.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.ScanId, r.VehicleId, r.LineId }).ToListAsync();
            Assert.Equal([(oldRide.ScanId, "", TransitBuilder.LineId), (recentRide.ScanId, TransitBuilder.VehicleId, TransitBuilder.LineId)],
                rides.Select(r => (r.ScanId, r.VehicleId, r.LineId)));
            var coupon = await db.Coupons.AsNoTracking().SingleAsync();
            Assert.Null(coupon.UsedVehicleId);
            Assert.Equal(TransitBuilder.LineId, coupon.UsedLineId);
            Assert.All(await db.AuditEntries.AsNoTracking().ToListAsync(), e => Assert.Contains("@", e.ActorEmail));
        }
        Assert.Equal(0, (await RunAsync(database)).Total);
        List<string> actors;
        await using (var db = database.CreateContext())
            actors = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.ActorUserId).ToListAsync();

        _clock.Advance(TimeSpan.FromDays(90));
        var later = await RunAsync(database);

        await using var read = database.CreateContext();
        var audit = await read.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(RetentionService.Rides, 1), (RetentionService.Coupons, 0), (RetentionService.AuditEmails, audit.Count)], later.Erased);
        Assert.All(audit, e => Assert.Equal("", e.ActorEmail));
        Assert.Equal(actors, audit.Select(e => e.ActorUserId));
        var report = await new InvariantChecker(read).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }

    [SkippableFact]
    public async Task A_registered_step_such_as_the_partner_events_runs_with_the_periods_and_the_clock()
    {
        await using var database = await stores.CreateAsync();
        var step = new CountingStep();

        var report = await RunAsync(database, new RetentionOptions { PartnerEventDays = 30 }, step);

        Assert.Equal(("partner events", 7), report.Erased[^1]);
        Assert.Equal((30, _clock.UtcNow), (step.Periods!.PartnerEventDays, step.Now));
    }

    [SkippableFact]
    public async Task The_audit_log_still_refuses_any_other_change()
    {
        await using var database = await stores.CreateAsync();
        await new CitizenBuilder().WithCredits(1m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(set => set.SetProperty(e => e.ActorEmail, "someone@else.test")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(set => set
            .SetProperty(e => e.ActorEmail, "").SetProperty(e => e.Action, "rewritten")));
        await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync());
    }

    [Theory]
    [InlineData(179, 90, 90, 24)]
    [InlineData(180, 0, 90, 24)]
    [InlineData(180, 90, 0, 24)]
    [InlineData(180, 90, 90, 0)]
    [InlineData(180, 36_501, 90, 24)]
    [InlineData(36_501, 90, 90, 24)]
    [InlineData(180, 90, 90, 24 * 366 + 1)]
    public void Periods_out_of_range_are_refused_and_logs_are_kept_at_least_six_months(int logDays, int vehicleDays, int partnerDays, int hours)
    {
        var periods = new RetentionOptions { LogPersonalDataDays = logDays, VehicleDataDays = vehicleDays, PartnerEventDays = partnerDays, RunEveryHours = hours };

        Assert.NotNull(periods.Problem());
        Assert.Null(new RetentionOptions().Problem());
        Assert.True(new RetentionOptions().LogPersonalDataDays >= 180);
    }

    private async Task<RetentionReport> RunAsync(TestStore database, RetentionOptions? periods = null, params IRetentionStep[] steps)
    {
        await using var db = database.CreateContext();
        return await new RetentionService(db, Options.Create(periods ?? new RetentionOptions()), _clock, steps).RunAsync();
    }

    private sealed class CountingStep : IRetentionStep
    {
        public RetentionOptions? Periods { get; private set; }
        public DateTime Now { get; private set; }
        public string Name => "partner events";

        public Task<int> RunAsync(CarbonDbContext db, RetentionOptions periods, DateTime nowUtc, CancellationToken ct)
        {
            (Periods, Now) = (periods, nowUtc);
            return Task.FromResult(7);
        }
    }
}

public sealed class RetentionTestsOnSqlite() : RetentionTests(SqliteTestStores.Instance)
{
}

public sealed class RetentionTestsOnPostgres(PostgresTestStores postgres) : RetentionTests(postgres), IClassFixture<PostgresTestStores>
{
}
