using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// A ride code lives 60 s; a validator may read it up to 10 s after that, for clocks that disagree a little.
/// Later it is refused with expired_code and nothing is written.
/// </summary>
public sealed class RideCodeFreshnessTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_ride_code_expires_at_most_60_seconds_after_it_is_issued()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        // Mid-second, so a code dated from the whole second could not outlive its 60 s either.
        _clock.Advance(TimeSpan.FromMilliseconds(750));
        var issuedAt = _clock.UtcNow;

        var code = rideCodes.Issue(42);
        var claims = rideCodes.Verify(code.Token);

        Assert.Equal(TimeSpan.FromSeconds(60), RideCodes.Lifetime);
        Assert.InRange(code.ExpiresAt, issuedAt, issuedAt + RideCodes.Lifetime);
        Assert.Equal(code.ExpiresAt, claims.ExpiresAt);
        Assert.InRange(claims.ExpiresAt - claims.IssuedAt, TimeSpan.Zero, RideCodes.Lifetime);
        Assert.Equal(42, claims.AccountId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public async Task A_code_read_within_10_seconds_after_its_expiry_is_accepted(int secondsAfterExpiry)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var code = rideCodes.Issue(citizen.AccountId);
        _clock.SetUtcNow(code.ExpiresAt.AddSeconds(secondsAfterExpiry));

        var result = await validator.ScanAsync(TransitBuilder.Scan(code.Token, _clock));

        Assert.True(result.Accepted);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Theory]
    [InlineData(10_001)]
    [InlineData(11_000)]
    [InlineData(3_600_000)]
    public async Task A_code_read_more_than_10_seconds_after_its_expiry_is_refused_with_expired_code_and_writes_nothing(int millisecondsAfterExpiry)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().ValidForDays(30).BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");
        var code = rideCodes.Issue(citizen.AccountId);
        _clock.SetUtcNow(code.ExpiresAt.AddMilliseconds(millisecondsAfterExpiry));

        await validator.AssertRefusedAndNothingWrittenAsync(TransitBuilder.Scan(code.Token, _clock), ErrorCodes.ExpiredCode, citizen.AccountId);
    }

    [Fact]
    public async Task An_expired_code_that_was_also_tampered_with_is_refused_as_invalid_not_expired()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var code = rideCodes.Issue(citizen.AccountId);
        _clock.SetUtcNow(code.ExpiresAt.AddHours(1));

        await validator.AssertRefusedAndNothingWrittenAsync(TransitBuilder.Scan(RideCodeForgery.WithSignatureBitFlipped(code.Token), _clock),
            ErrorCodes.InvalidCode, citizen.AccountId);
    }
}
