using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// A ride code rides once, whichever validator reads it (replayed_code). A validator that did not hear the answer
/// sends the same scan id again and gets the same answer, with nothing written twice.
/// </summary>
public abstract class ReplayAndRetryTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task The_same_code_under_another_scan_id_at_the_same_validator_is_refused_with_replayed_code_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var (_, validator, citizen) = await ValidatorAndCitizenAsync(database, credits: 20m, coupons: 1);
        var scan = validator.ScanOf(citizen.AccountId);
        await validator.ScanAsync(scan);

        await validator.AssertRefusedAndNothingWrittenAsync(scan with { ScanId = "another-scan" }, ErrorCodes.ReplayedCode, citizen.AccountId);
    }

    [SkippableFact]
    public async Task The_same_code_at_another_validator_is_refused_with_replayed_code_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var front = await Validator.RegisterAsync(database, _clock, rideCodes, id: "front-door");
        var back = await Validator.RegisterAsync(database, _clock, rideCodes, id: "back-door");
        var citizen = await CitizenAsync(database, credits: 20m, coupons: 1);
        var scan = front.ScanOf(citizen.AccountId);
        await front.ScanAsync(scan);

        // Even under the very same scan id: scan ids are only unique per validator.
        await back.AssertRefusedAndNothingWrittenAsync(scan, ErrorCodes.ReplayedCode, citizen.AccountId);
        await back.AssertRefusedAndNothingWrittenAsync(scan with { ScanId = "back-door-scan" }, ErrorCodes.ReplayedCode, citizen.AccountId);
    }

    [SkippableFact]
    public async Task A_retry_with_the_same_scan_id_answers_the_first_result_and_rides_earns_and_uses_a_coupon_once()
    {
        await using var database = await stores.CreateAsync();
        var (_, validator, citizen) = await ValidatorAndCitizenAsync(database, credits: 40m, coupons: 2);
        var scan = validator.ScanOf(citizen.AccountId);

        var first = await validator.ScanAsync(scan);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var retry = await validator.ScanAsync(scan);

        Assert.False(first.Replayed);
        Assert.True(first.CouponApplied);
        Assert.Equal(first with { Replayed = true }, retry);
        await AssertOneRideAsync(database, citizen);
    }

    [SkippableFact]
    public async Task A_retry_after_the_code_has_expired_still_answers_the_first_result()
    {
        await using var database = await stores.CreateAsync();
        var (rideCodes, validator, citizen) = await ValidatorAndCitizenAsync(database, credits: 40m, coupons: 2);
        var code = rideCodes.Issue(citizen.AccountId);
        var scan = TransitBuilder.Scan(code.Token, _clock);
        var first = await validator.ScanAsync(scan);
        // The validator was offline for an hour and sends its queue again.
        _clock.SetUtcNow(code.ExpiresAt.AddHours(1));

        var retry = await validator.ScanAsync(scan);

        Assert.Equal(first with { Replayed = true }, retry);
        await AssertOneRideAsync(database, citizen);
    }

    [SkippableFact]
    public async Task The_same_scan_id_with_another_code_is_refused_with_scan_conflict_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var (rideCodes, validator, citizen) = await ValidatorAndCitizenAsync(database, credits: 40m);
        var neighbour = await CitizenAsync(database, credits: 20m, coupons: 1);
        var scan = validator.ScanOf(citizen.AccountId);
        await validator.ScanAsync(scan);

        await validator.AssertRefusedAndNothingWrittenAsync(scan with { RideCode = rideCodes.Issue(citizen.AccountId).Token },
            ErrorCodes.ScanConflict, citizen.AccountId);
        await validator.AssertRefusedAndNothingWrittenAsync(scan with { RideCode = rideCodes.Issue(neighbour.AccountId).Token },
            ErrorCodes.ScanConflict, neighbour.AccountId);
    }

    [SkippableFact]
    public async Task A_retry_with_a_tampered_copy_of_the_accepted_code_is_refused_with_invalid_code()
    {
        await using var database = await stores.CreateAsync();
        var (_, validator, citizen) = await ValidatorAndCitizenAsync(database);
        var scan = validator.ScanOf(citizen.AccountId);
        await validator.ScanAsync(scan);

        await validator.AssertRefusedAndNothingWrittenAsync(scan with { RideCode = RideCodeForgery.WithSignatureBitFlipped(scan.RideCode!) },
            ErrorCodes.InvalidCode, citizen.AccountId);
    }

    [SkippableFact]
    public async Task Ten_parallel_sends_of_one_scan_ride_once_and_answer_the_same_result_to_all()
    {
        await using var database = await stores.CreateAsync();
        var (_, validator, citizen) = await ValidatorAndCitizenAsync(database, credits: 40m, coupons: 2);
        var scan = validator.ScanOf(citizen.AccountId);

        var results = await Validator.InParallelAsync(10, _ => validator.ScanAsync(scan));

        Assert.Single(results, r => !r.Replayed);
        Assert.Single(results.Select(r => r with { Replayed = false }).Distinct());
        await AssertOneRideAsync(database, citizen);
    }

    /// <summary>The store's ride codes, one validator reading them, and a citizen as <see cref="CitizenAsync"/> makes one.</summary>
    private async Task<(RideCodes RideCodes, Validator Validator, Citizen Citizen)> ValidatorAndCitizenAsync(
        TestStore database, decimal credits = 0m, int coupons = 0)
    {
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        return (rideCodes, validator, await CitizenAsync(database, credits, coupons));
    }

    /// <summary>A citizen granted <paramref name="credits"/> who then redeemed <paramref name="coupons"/> coupons of 20 credits each.</summary>
    private async Task<Citizen> CitizenAsync(TestStore database, decimal credits = 0m, int coupons = 0)
    {
        var citizen = await new CitizenBuilder().WithCredits(credits).BuildAsync(database, _clock);
        for (var request = 1; request <= coupons; request++)
        {
            var item = await new MallBuilder().Priced(20m).BuildAsync(database, _clock);
            await database.RedeemAsync(_clock, citizen.AccountId, item.Id, $"request-{request}");
        }
        return citizen;
    }

    /// <summary>One ride, one Earn of 1.10 credits and one of the citizen's coupons used.</summary>
    private static async Task AssertOneRideAsync(TestStore database, Citizen citizen)
    {
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.CountRidesAsync());
        Assert.Equal(110, (await db.AccountTotalsAsync(citizen.AccountId)).EarnedHundredths);
        Assert.Equal(1, await db.CountUsedCouponsAsync());
        await TransitInvariants.AssertHoldAsync(database);
    }
}

public sealed class ReplayAndRetryTestsOnSqlite() : ReplayAndRetryTests(SqliteTestStores.Instance)
{
}

public sealed class ReplayAndRetryTestsOnPostgres(PostgresTestStores postgres) : ReplayAndRetryTests(postgres), IClassFixture<PostgresTestStores>
{
}
