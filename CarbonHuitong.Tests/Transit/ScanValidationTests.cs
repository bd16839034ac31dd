using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>A scan names its scan id, line, vehicle and a fare of 0 to ¥100; anything else is bad_request and writes nothing.</summary>
public sealed class ScanValidationTests
{
    private readonly TestClock _clock = new();

    public static TheoryData<string, Func<ScanRequest, ScanRequest>> BadScans => new()
    {
        { "no scan id", s => s with { ScanId = null } },
        { "empty scan id", s => s with { ScanId = "" } },
        { "blank scan id", s => s with { ScanId = "   " } },
        { "scan id of 65 characters", s => s with { ScanId = new string('s', 65) } },
        { "no line id", s => s with { LineId = null } },
        { "blank line id", s => s with { LineId = " " } },
        { "line id of 65 characters", s => s with { LineId = new string('l', 65) } },
        { "no vehicle id", s => s with { VehicleId = null } },
        { "empty vehicle id", s => s with { VehicleId = "" } },
        { "vehicle id of 65 characters", s => s with { VehicleId = new string('v', 65) } },
        { "negative fare", s => s with { FareFen = -1 } },
        { "fare above the maximum", s => s with { FareFen = Ride.MaxFareFen + 1 } },
        { "no scan time", s => s with { ScannedAt = null } },
    };

    [Theory]
    [MemberData(nameof(BadScans))]
    public async Task A_scan_missing_a_field_or_out_of_range_is_refused_with_bad_request_and_writes_nothing(
        string what, Func<ScanRequest, ScanRequest> spoil)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var scan = validator.ScanOf(citizen.AccountId);

        await validator.AssertRefusedAndNothingWrittenAsync(spoil(scan), ErrorCodes.BadRequest, citizen.AccountId);

        // The code was not spent by the refusal: the corrected scan rides.
        Assert.True((await validator.ScanAsync(scan)).Accepted, what);
    }

    [Theory]
    [InlineData(-7 * 24 * 60 - 1)]
    [InlineData(-60 * 24 * 365 * 56)]
    public async Task A_scan_dated_before_the_claim_window_is_refused_as_too_old_and_writes_nothing(int minutesFromNow)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var scan = validator.ScanOf(citizen.AccountId);

        await validator.AssertRefusedAndNothingWrittenAsync(scan with { ScannedAt = _clock.UtcNow.AddMinutes(minutesFromNow) }, ErrorCodes.TooOld,
            citizen.AccountId);

        Assert.True((await validator.ScanAsync(scan with { ScannedAt = _clock.UtcNow.AddDays(-7) })).Accepted);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Ride.MaxFareFen)]
    public async Task A_fare_of_zero_or_exactly_the_maximum_is_accepted(long fareFen)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen));

        Assert.Equal(fareFen, result.AmountDue.Value);
    }

    [Fact]
    public async Task Ids_of_exactly_64_characters_are_accepted()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var scan = validator.ScanOf(citizen.AccountId) with
        {
            ScanId = new string('s', 64), LineId = new string('l', 64), VehicleId = new string('v', 64),
        };

        Assert.True((await validator.ScanAsync(scan)).Accepted);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Fact]
    public async Task A_64_character_scan_id_from_a_validator_with_a_32_character_id_is_accepted()
    {
        // The longest ids still make a ledger event id "<terminalId>/<scanId>" within its 128 characters.
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes, id: new string('t', Terminal.MaxIdLength));
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        var result = await validator.ScanAsync(validator.ScanOf(citizen.AccountId) with { ScanId = new string('s', 64) });

        Assert.True(result.Accepted);
        await TransitInvariants.AssertHoldAsync(database);
    }

    [Theory]
    [InlineData("line-7/a")]
    [InlineData("line 7")]
    [InlineData("t234567890123456789012345678901234")]
    public async Task A_terminal_id_that_could_blur_the_rides_event_id_is_refused(string id)
    {
        // With no '/' in a terminal id, "line-7" + "/" + "a/1" can never equal another terminal's "<id>/<scan>".
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => CoreServices.Terminals(db, _clock).RegisterAsync(Actors.MallAdmin, id, "871", "Bad id"));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.Equal(0, await db.Terminals.CountAsync());
    }
}
