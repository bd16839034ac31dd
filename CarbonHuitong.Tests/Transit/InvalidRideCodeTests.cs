using System.Text.Json.Nodes;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// Only a code the platform signed, untouched, rides. Anything else is refused with invalid_code before anything is
/// written: no ride, no Earn, and the citizen's coupon stays unused.
/// </summary>
public sealed class InvalidRideCodeTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_code_with_a_tampered_signature_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;

        await AssertInvalidAsync(validator, citizen, RideCodeForgery.WithSignatureBitFlipped(token));
    }

    [Fact]
    public async Task A_code_carrying_the_signature_of_another_genuine_code_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;
        var other = rideCodes.Issue(citizen.AccountId).Token;

        await AssertInvalidAsync(validator, citizen, RideCodeForgery.WithSignature(token, RideCodeForgery.SignatureOf(other)));
    }

    [Fact]
    public async Task A_code_whose_account_was_changed_under_the_old_signature_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var victim = citizen;
        var thief = await new CitizenBuilder().BuildAsync(database, _clock);
        var token = rideCodes.Issue(thief.AccountId).Token;

        // The thief's own code, pointed at the victim's account (and its coupon).
        await AssertInvalidAsync(validator, victim, RideCodeForgery.WithPayloadChanged(token, p => p["a"] = victim.AccountId));
    }

    [Fact]
    public async Task A_code_whose_expiry_was_pushed_back_under_the_old_signature_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;
        _clock.Advance(TimeSpan.FromMinutes(5));

        await AssertInvalidAsync(validator, citizen, RideCodeForgery.WithPayloadChanged(token, p =>
        {
            p["iat"] = p["iat"]!.GetValue<long>() + 300;
            p["exp"] = p["exp"]!.GetValue<long>() + 300;
        }));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("not a ride code")]
    [InlineData("CH1")]
    [InlineData("CH1..")]
    [InlineData("CH1.e30.")]
    [InlineData("CH1.bnVsbA.AAAA")]
    [InlineData("CH1.%%%.%%%")]
    [InlineData("CH1.eyJhIjoxfQ.AAAA")]
    [InlineData("CH1.eyJhIjoiMSJ9.AAAA")]
    [InlineData("CH1.a.b.c")]
    [InlineData("https://example.test/ride?code=CH1.x.y")]
    public async Task A_malformed_or_empty_code_is_refused_with_invalid_code_and_writes_nothing(string? token)
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, _) = await StartAsync(database);

        await AssertInvalidAsync(validator, citizen, token);
    }

    [Fact]
    public async Task A_genuine_code_with_another_prefix_a_truncated_signature_or_padding_past_the_length_limit_is_refused_with_invalid_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;

        await AssertInvalidAsync(validator, citizen, "CH2" + token[3..]);
        await AssertInvalidAsync(validator, citizen, token[..^4]);
        await AssertInvalidAsync(validator, citizen, token + new string('A', RideCodes.MaxTokenLength));
    }

    [Fact]
    public async Task A_code_signed_by_another_platforms_key_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, _) = await StartAsync(database);
        await using var elsewhere = await TestDatabase.CreateAsync();
        var foreignCodes = await elsewhere.LoadRideCodesAsync(_clock);

        await AssertInvalidAsync(validator, citizen, foreignCodes.Issue(citizen.AccountId).Token);
    }

    [Fact]
    public async Task A_code_signed_by_another_key_but_naming_ours_is_refused_with_invalid_code_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var ourKeyId = (await database.LoadKeyringAsync(_clock)).ActiveKeyId;
        await using var elsewhere = await TestDatabase.CreateAsync();
        var foreign = (await elsewhere.LoadRideCodesAsync(_clock)).Issue(citizen.AccountId).Token;

        await AssertInvalidAsync(validator, citizen, RideCodeForgery.WithPayloadChanged(foreign, p => p["k"] = ourKeyId));
        Assert.Equal(ourKeyId, rideCodes.Verify(rideCodes.Issue(citizen.AccountId).Token).KeyId);
    }

    [Fact]
    public async Task A_code_signed_by_the_platform_for_longer_than_60_seconds_is_refused_with_invalid_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, _) = await StartAsync(database);
        var keyring = await database.LoadKeyringAsync(_clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var longLived = RideCodeForgery.SignedByThePlatform(keyring, new JsonObject
        {
            ["a"] = citizen.AccountId, ["iat"] = now, ["exp"] = now + 61, ["n"] = "long-lived-nonce",
        });

        await AssertInvalidAsync(validator, citizen, longLived);
    }

    [Fact]
    public async Task A_code_issued_more_than_10_seconds_ahead_of_the_platform_clock_is_refused_with_invalid_code()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;
        _clock.Advance(-(RideCodes.ClockTolerance + TimeSpan.FromSeconds(1)));

        await AssertInvalidAsync(validator, citizen, token);
    }

    [Fact]
    public async Task A_refused_code_does_not_spoil_the_genuine_one_it_was_made_from()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (validator, citizen, rideCodes) = await StartAsync(database);
        var token = rideCodes.Issue(citizen.AccountId).Token;
        await AssertInvalidAsync(validator, citizen, RideCodeForgery.WithSignatureBitFlipped(token));

        var result = await validator.ScanAsync(TransitBuilder.Scan(token, _clock));

        Assert.True(result.CouponApplied);
    }

    /// <summary>A database with a validator and a citizen holding one unused ¥2 coupon.</summary>
    private async Task<(Validator, Citizen, RideCodes)> StartAsync(TestDatabase database)
    {
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, _clock);
        var item = await new MallBuilder().BuildAsync(database, _clock);
        await database.RedeemAsync(_clock, citizen.AccountId, item.Id, "request-1");
        return (validator, citizen, rideCodes);
    }

    private Task AssertInvalidAsync(Validator validator, Citizen citizen, string? token) =>
        validator.AssertRefusedAndNothingWrittenAsync(TransitBuilder.Scan(token, _clock), ErrorCodes.InvalidCode, citizen.AccountId);
}
