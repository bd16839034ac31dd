using System.Security.Cryptography;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// The ride-code private keys are stored sealed with the platform's key ring, so the database alone cannot sign; keys
/// an earlier release stored in clear are sealed on the next start, and a server whose ring cannot open the keys says so.
/// </summary>
public abstract class SealedRideCodeKeyTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_new_key_is_stored_sealed_and_its_column_is_not_a_private_key()
    {
        await using var database = await stores.CreateAsync();
        var keyring = await database.LoadKeyringAsync(_clock);

        var stored = await StoredKeysAsync(database);

        var key = Assert.Single(stored);
        Assert.Equal(keyring.ActiveKeyId, key.KeyId);
        Assert.True(key.Sealed);
        Assert.Null(RideCodeSigning.ImportOrNull(key.PrivateKey));
    }

    [SkippableFact]
    public async Task Plain_keys_from_an_earlier_release_are_sealed_on_first_start_and_still_verify_the_codes_they_signed()
    {
        await using var database = await stores.CreateAsync();
        using var rotatedOut = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var active = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await InsertPlainKeyAsync(database, "rk-old-rotated", rotatedOut, isActive: false, _clock.UtcNow.AddDays(-30));
        await InsertPlainKeyAsync(database, "rk-old-active", active, isActive: true, _clock.UtcNow.AddDays(-1));
        var signedBefore = RideCodeSigning.SignedWith(active, "rk-old-active", 7, _clock);
        var signedBeforeRotation = RideCodeSigning.SignedWith(rotatedOut, "rk-old-rotated", 8, _clock);

        var rideCodes = await database.LoadRideCodesAsync(_clock);

        var stored = await StoredKeysAsync(database);
        Assert.Equal(["rk-old-active", "rk-old-rotated"], stored.Select(k => k.KeyId).Order());
        Assert.All(stored, key =>
        {
            Assert.True(key.Sealed);
            Assert.Null(RideCodeSigning.ImportOrNull(key.PrivateKey));
        });
        Assert.Equal(7, rideCodes.Verify(signedBefore).AccountId);
        Assert.Equal(8, rideCodes.Verify(signedBeforeRotation).AccountId);
        // The sealed key is the same key: it still signs, and its public half checks what it signs.
        Assert.Equal("rk-old-active", rideCodes.Keyring.ActiveKeyId);
        Assert.Equal(7, (await database.LoadRideCodesAsync(_clock)).Verify(rideCodes.Issue(7).Token).AccountId);
    }

    [SkippableFact]
    public async Task A_server_whose_key_ring_cannot_unseal_the_keys_refuses_to_load_them_says_what_to_fix_and_changes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var keyId = (await database.LoadKeyringAsync(_clock)).ActiveKeyId;
        var before = await StoredKeysAsync(database);

        var refusal = await Assert.ThrowsAsync<StoreConfigurationException>(() =>
            database.LoadKeyringAsync(_clock, new EphemeralDataProtectionProvider()));

        Assert.Contains(keyId, refusal.Message);
        Assert.Contains("DataProtection:KeyFile", refusal.Message);
        Assert.Contains("DataProtection:ReplaceUnreadableKeys", refusal.Message);
        Assert.Equal(before.Select(k => (k.KeyId, k.IsActive, k.RetiredAt)), (await StoredKeysAsync(database)).Select(k => (k.KeyId, k.IsActive, k.RetiredAt)));
    }

    [SkippableFact]
    public async Task Told_to_replace_unreadable_keys_a_server_retires_them_and_signs_with_a_new_key_and_old_codes_are_refused()
    {
        await using var database = await stores.CreateAsync();
        var before = await database.LoadRideCodesAsync(_clock);
        var oldCode = before.Issue(7).Token;
        var newRing = new RideCodeKeyring(new EphemeralDataProtectionProvider());

        IReadOnlyList<string> retired;
        await using (var db = database.CreateContext()) retired = await newRing.LoadAsync(db, _clock, UnreadableRideCodeKeys.Retire);

        Assert.Equal([before.Keyring.ActiveKeyId], retired);
        Assert.NotEqual(before.Keyring.ActiveKeyId, newRing.ActiveKeyId);
        var stored = await StoredKeysAsync(database);
        Assert.NotNull(stored.Single(k => k.KeyId == before.Keyring.ActiveKeyId).RetiredAt);
        Assert.True(stored.Single(k => k.KeyId == newRing.ActiveKeyId) is { IsActive: true, Sealed: true });
        var after = new RideCodes(newRing, _clock);
        Assert.Equal(ErrorCodes.InvalidCode, Assert.Throws<DomainException>(() => after.Verify(oldCode)).Code);
        Assert.Equal(7, after.Verify(after.Issue(7).Token).AccountId);
    }

    [SkippableFact]
    public async Task A_code_under_a_key_this_server_cannot_unseal_is_refused_as_invalid_and_writes_nothing()
    {
        await using var database = await stores.CreateAsync();
        var thisServer = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, thisServer);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        // A server with another ring, told to replace what it cannot read, makes a key this server cannot unseal.
        var otherRing = new RideCodeKeyring(new EphemeralDataProtectionProvider());
        await using (var db = database.CreateContext()) await otherRing.LoadAsync(db, _clock, UnreadableRideCodeKeys.Retire);
        _clock.Advance(TimeSpan.FromSeconds(31));

        await validator.AssertRefusedAndNothingWrittenAsync(
            TransitBuilder.Scan(new RideCodes(otherRing, _clock).Issue(citizen.AccountId).Token, _clock), ErrorCodes.InvalidCode, citizen.AccountId);
        // This server keeps the keys it had.
        Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).Accepted);
    }

    private static async Task<List<RideCodeKey>> StoredKeysAsync(TestStore database)
    {
        await using var db = database.CreateContext();
        return await db.RideCodeKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync();
    }

    /// <summary>A key row as the release before sealing wrote it: PKCS#8 in the column, and no Sealed column of its own.</summary>
    private static async Task InsertPlainKeyAsync(TestStore database, string keyId, ECDsa key, bool isActive, DateTime createdAt)
    {
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "RideCodeKeys" ("KeyId", "Algorithm", "PublicKey", "PrivateKey", "CreatedAt", "IsActive", "RetiredAt")
            VALUES ({keyId}, {RideCodeKey.Es256}, {key.ExportSubjectPublicKeyInfo()}, {key.ExportPkcs8PrivateKey()}, {createdAt}, {isActive}, {(DateTime?)null})
            """);
    }
}

public sealed class SealedRideCodeKeyTestsOnSqlite() : SealedRideCodeKeyTests(SqliteTestStores.Instance);

public sealed class SealedRideCodeKeyTestsOnPostgres(PostgresTestStores postgres) : SealedRideCodeKeyTests(postgres), IClassFixture<PostgresTestStores>;
