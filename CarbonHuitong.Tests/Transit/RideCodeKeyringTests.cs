using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// The platform's signing keys live with the data: made once on first start, kept across restarts, and on rotation
/// the old key keeps verifying the codes already on citizens' phones.
/// </summary>
public sealed class RideCodeKeyringTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task The_first_start_creates_one_key_and_the_next_start_keeps_it()
    {
        await using var database = await TestDatabase.CreateAsync();

        var firstStart = await database.LoadKeyringAsync(_clock);
        _clock.Advance(TimeSpan.FromDays(1));
        var nextStart = await database.LoadKeyringAsync(_clock);

        Assert.Equal(firstStart.ActiveKeyId, nextStart.ActiveKeyId);
        Assert.Equal(firstStart.ActiveKeyId, Assert.Single(nextStart.PublicKeys).KeyId);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.RideCodeKeys.CountAsync());
    }

    [Fact]
    public async Task A_code_issued_before_a_restart_still_verifies_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var before = await database.LoadRideCodesAsync(_clock);
        var code = before.Issue(7);

        var after = await database.LoadRideCodesAsync(_clock);

        Assert.Equal(7, after.Verify(code.Token).AccountId);
    }

    [Fact]
    public async Task After_rotation_old_codes_still_verify_new_codes_carry_the_new_key_and_both_public_keys_are_listed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keyring = await database.LoadKeyringAsync(_clock);
        var rideCodes = new RideCodes(keyring, _clock);
        var oldKeyId = keyring.ActiveKeyId;
        var oldCode = rideCodes.Issue(7);

        string newKeyId;
        await using (var db = database.CreateContext())
        {
            newKeyId = await keyring.RotateAsync(db, _clock);
        }
        var newCode = rideCodes.Issue(7);

        Assert.NotEqual(oldKeyId, newKeyId);
        Assert.Equal(newKeyId, keyring.ActiveKeyId);
        Assert.Equal(oldKeyId, rideCodes.Verify(oldCode.Token).KeyId);
        Assert.Equal(newKeyId, rideCodes.Verify(newCode.Token).KeyId);
        Assert.Equal([oldKeyId, newKeyId], keyring.PublicKeys.Select(k => k.KeyId));
        // A restart after the rotation signs with the new key and still reads the old one's codes.
        var restarted = await database.LoadRideCodesAsync(_clock);
        Assert.Equal(oldKeyId, restarted.Verify(oldCode.Token).KeyId);
        Assert.Equal(newKeyId, restarted.Verify(restarted.Issue(7).Token).KeyId);
    }

    [Fact]
    public async Task A_code_issued_before_rotation_still_rides_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keyring = await database.LoadKeyringAsync(_clock);
        var rideCodes = new RideCodes(keyring, _clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var scan = validator.ScanOf(citizen.AccountId);
        await using (var db = database.CreateContext())
        {
            await keyring.RotateAsync(db, _clock);
        }

        Assert.True((await validator.ScanAsync(scan)).Accepted);
    }

    [Fact]
    public async Task A_validator_can_check_a_code_offline_with_the_listed_public_key_alone()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keyring = await database.LoadKeyringAsync(_clock);
        var token = new RideCodes(keyring, _clock).Issue(7).Token;
        var published = Assert.Single(keyring.PublicKeys);

        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(published.SubjectPublicKeyInfo, out _);
        var lastDot = token.LastIndexOf('.');
        var signedPart = Encoding.ASCII.GetBytes(token[..lastDot]);
        var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));

        Assert.Equal("ES256", published.Algorithm);
        Assert.Equal(published.KeyId, RideCodeForgery.PayloadOf(token)["k"]!.GetValue<string>());
        Assert.True(publicKey.VerifyData(signedPart, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        Assert.Throws<CryptographicException>(() => publicKey.ExportPkcs8PrivateKey());
    }

    [Fact]
    public async Task A_key_rotated_on_another_server_is_picked_up_when_its_first_code_is_scanned()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (thisServer, otherServer, validator, citizen) = await KeyRotatedOnAnotherServerAsync(database);
        _clock.Advance(TimeSpan.FromSeconds(31));

        var result = await validator.ScanAsync(TransitBuilder.Scan(otherServer.Issue(citizen.AccountId).Token, _clock));

        Assert.True(result.Accepted);
        Assert.Equal(otherServer.Keyring.ActiveKeyId, thisServer.Keyring.ActiveKeyId);
    }

    [Fact]
    public async Task Codes_naming_unknown_keys_do_not_reload_the_keys_more_than_twice_a_minute()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (thisServer, otherServer, validator, citizen) = await KeyRotatedOnAnotherServerAsync(database);

        // Loaded moments ago: the unknown key is not looked for yet, so the code is refused.
        await validator.AssertRefusedAndNothingWrittenAsync(
            TransitBuilder.Scan(otherServer.Issue(citizen.AccountId).Token, _clock), ErrorCodes.InvalidCode, citizen.AccountId);
        Assert.False(thisServer.Keyring.Knows(otherServer.Keyring.ActiveKeyId));
    }

    /// <summary>
    /// Two servers on one database load the keys, a validator reads codes on this one, a citizen signs up; then the
    /// other server rotates the key, which this one has not loaded.
    /// </summary>
    private async Task<(RideCodes ThisServer, RideCodes OtherServer, Validator Validator, Citizen Citizen)> KeyRotatedOnAnotherServerAsync(
        TestDatabase database)
    {
        var thisServer = await database.LoadRideCodesAsync(_clock);
        var otherServer = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, thisServer);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using (var db = database.CreateContext()) await otherServer.Keyring.RotateAsync(db, _clock);
        return (thisServer, otherServer, validator, citizen);
    }
}
