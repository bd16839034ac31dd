using CarbonHuitong.Core;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>A world built through the real services passes every check, on either store.</summary>
public abstract class CleanWorldTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_world_built_by_earning_redeeming_and_riding_passes_every_check()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);

        var report = await world.CheckAsync();

        Assert.True(report.AllHold, report.ToString());
        Assert.Equal(Enum.GetValues<Invariant>(), report.Checks.Select(c => c.Invariant));
        Assert.Equal(
            [
                "✓ balance equals sum of entries (accounts checked: 2)",
                "✓ earned, spent, reduction and green trips equal their entries (accounts checked: 2)",
                "✓ daily rollup equals the account's earns (accounts checked: 2)",
                "✓ every coupon paid by its Spend of the item's price (coupons checked: 2)",
                "✓ every Spend pays for exactly one coupon (spends checked: 2)",
                "✓ no coupon used on two rides (coupons checked: 2)",
                "✓ no ride code accepted twice (rides checked: 2)",
                "✓ each ride's earn carries the ride's line and coupon (rides checked: 2)",
                "✓ stock never below zero (items checked: 1)",
                "✓ coupons issued plus stock left within the batch (items checked: 1)",
                "✓ no ride-code key stored in clear (ride-code keys checked: 1)",
                "✓ every voided coupon is a closed account's, with its Void entry (voided coupons checked: 0)",
                "✓ every closed account holds nothing and has no sign-in (closed accounts checked: 0)",
                "✓ each accepted partner event is credited once, by its own entry (partner events checked: 0)",
                "✓ no citizen earns past a daily cap (citizen-days checked: 0)",
                "✓ no act counted twice across sources (earns checked: 3)",
                "✓ each later report of an act points at the earn that counted it (reports checked: 0)",
                "✓ pending credits are held apart, never spendable (accounts checked: 2)",
                "✓ every confirmation and reversal settles a pending earn of its amount (settlements checked: 0)",
                "✓ an expiry never takes more than was due (expirations checked: 0)",
                "✓ credits in and out per year equal the entries (account-years checked: 2)",
                "✓ every approved claim granted its credits by its own Adjust entry (claims checked: 0)",
                "✓ every claw-back shortfall adds up to what was asked, beside the Adjust that took the rest (shortfalls checked: 0)",
                "✓ district months equal the entries, districts summed away (district-month rows checked: 4)",
                "✓ an activity row for each account's month and behaviour with earns, and none without (activity rows checked: 2)",
                "✓ both regional rollups put each earn in the same district (district-month rows checked: 2)",
                "✓ an activity span for each scope an account's activity rows put it in, and no other (activity spans checked: 10)",
                "✓ active citizens counted once per scope and month, after their true previous month (count rows checked: 0)",
                "✓ citizens registered per month equal the accounts opened and closed (registered-citizens months checked: 1)",
            ],
            report.ToString().Split(Environment.NewLine));
    }

    [SkippableFact]
    public async Task The_checker_is_a_scoped_service_of_the_core()
    {
        await using var world = await World.BuildAsync(await stores.CreateAsync(), _clock);
        await using var services = new ServiceCollection().AddCarbonHuitongCore(world.Database.Settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();

        var report = await scope.ServiceProvider.GetRequiredService<InvariantChecker>().CheckAsync();

        Assert.True(report.AllHold, report.ToString());
    }
}

public sealed class CleanWorldTestsOnSqlite() : CleanWorldTests(SqliteTestStores.Instance)
{
}

public sealed class CleanWorldTestsOnPostgres(PostgresTestStores postgres) : CleanWorldTests(postgres), IClassFixture<PostgresTestStores>
{
}
