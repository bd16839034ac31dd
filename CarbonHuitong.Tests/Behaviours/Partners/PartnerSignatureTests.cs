using System.Text;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Behaviours.Partners;

/// <summary>
/// A partner's call is theirs only when signed over the timestamp, method, path and query and the raw body, with an
/// active secret of an active partner, within 300 seconds of the platform's clock.
/// </summary>
public sealed class PartnerSignatureTests
{
    private const string Path = "/api/partners/events";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"events":[{"eventId":"e-1"}]}""");

    private readonly TestClock _clock = new();

    private string Now => _clock.GetUtcNow().ToUnixTimeSeconds().ToString();

    [Fact]
    public async Task A_call_signed_with_the_partners_secret_is_the_partners_and_carries_what_it_may_report()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().Reporting("metro_ride").WithSecret("a-secret-of-32-characters-length").BuildAsync(database, _clock);

        var identity = await VerifyAsync(database, partner.Code, Now, PartnerSignatures.Sign(partner.Secret, Now, "POST", Path, Body));

        Assert.Equal(partner.Code, identity.Code);
        Assert.True(identity.MayReport("metro_ride"));
        Assert.False(identity.MayReport("walking"));
    }

    [Fact]
    public void The_signature_is_lowercase_hex_HMAC_SHA256_of_timestamp_method_path_and_raw_body_joined_by_dots()
    {
        var signature = PartnerSignatures.Sign("key", "1764633600", "GET", "/api/partners/reconciliation?date=2026-12-01", []);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("key"),
            Encoding.UTF8.GetBytes("1764633600.GET./api/partners/reconciliation?date=2026-12-01.")));
        Assert.Equal("v1=" + expected, signature);
    }

    [Fact]
    public async Task A_tampered_body_timestamp_method_or_path_is_an_invalid_signature()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var signature = PartnerSignatures.Sign(partner.Secret, Now, "POST", Path, Body);
        var earlier = (_clock.GetUtcNow().ToUnixTimeSeconds() - 1).ToString();

        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, signature, body: Encoding.UTF8.GetBytes("""{"events":[{"eventId":"e-2"}]}"""));
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, earlier, signature);
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, signature, method: "PUT");
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, signature, path: Path + "?x=1");
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, signature.ToUpperInvariant());
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, signature[..^2]);
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, "v1=" + new string('z', 64));
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, null);
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, null, signature);
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, "-5", signature);
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, "99999999999999999999", signature);
    }

    [Fact]
    public async Task A_timestamp_more_than_300_seconds_from_the_platforms_clock_is_refused_either_way()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        string At(int offset) => (_clock.GetUtcNow().ToUnixTimeSeconds() + offset).ToString();

        foreach (var offset in new[] { -300, 300 })
            Assert.Equal(partner.Code, (await VerifyAsync(database, partner.Code, At(offset), PartnerSignatures.Sign(partner.Secret, At(offset), "POST", Path, Body))).Code);
        foreach (var offset in new[] { -301, 301, -86_400 })
            await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, At(offset), PartnerSignatures.Sign(partner.Secret, At(offset), "POST", Path, Body));
    }

    [Fact]
    public async Task A_rotated_secret_works_beside_the_old_one_until_the_old_one_is_retired()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        IssuedPartnerSecret rotated;
        await using (var db = database.CreateContext()) rotated = await PartnerSetup.Admin(db, _clock).RotateSecretAsync(Actors.MallAdmin, partner.Code);

        var byOld = await VerifyAsync(database, partner.Code, Now, PartnerSignatures.Sign(partner.Secret, Now, "POST", Path, Body));
        var byNew = await VerifyAsync(database, partner.Code, Now, PartnerSignatures.Sign(rotated.Secret, Now, "POST", Path, Body));
        await using (var db = database.CreateContext()) await PartnerSetup.Admin(db, _clock).RetireSecretAsync(Actors.MallAdmin, partner.Code, partner.SecretId);

        Assert.Equal((partner.Code, partner.Code), (byOld.Code, byNew.Code));
        await AssertRefusedAsync(database, ErrorCodes.InvalidSignature, partner.Code, Now, PartnerSignatures.Sign(partner.Secret, Now, "POST", Path, Body));
        Assert.Equal(partner.Code, (await VerifyAsync(database, partner.Code, Now, PartnerSignatures.Sign(rotated.Secret, Now, "POST", Path, Body))).Code);
        await using var check = database.CreateContext();
        var lastOne = await Assert.ThrowsAsync<DomainException>(() => PartnerSetup.Admin(check, _clock).RetireSecretAsync(Actors.MallAdmin, partner.Code, rotated.SecretId));
        Assert.Equal(ErrorCodes.InvalidState, lastOne.Code);
    }

    [Fact]
    public async Task A_suspended_or_unknown_partner_is_an_unknown_partner_and_a_resumed_one_signs_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var signature = PartnerSignatures.Sign(partner.Secret, Now, "POST", Path, Body);
        await using (var db = database.CreateContext()) await PartnerSetup.Admin(db, _clock).SuspendAsync(Actors.MallAdmin, partner.Code);

        await AssertRefusedAsync(database, ErrorCodes.UnknownPartner, partner.Code, Now, signature);
        await AssertRefusedAsync(database, ErrorCodes.UnknownPartner, "nobody", Now, signature);
        await AssertRefusedAsync(database, ErrorCodes.UnknownPartner, null, Now, signature);
        await using (var db = database.CreateContext()) await PartnerSetup.Admin(db, _clock).ResumeAsync(Actors.MallAdmin, partner.Code);
        Assert.Equal(partner.Code, (await VerifyAsync(database, partner.Code, Now, signature)).Code);
    }

    [Fact]
    public async Task Secrets_are_sealed_at_rest_and_every_partner_action_is_audited_without_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().WithSecret("demo-secret-for-the-metro-0001").BuildAsync(database, _clock);
        await using (var db = database.CreateContext())
        {
            var admin = PartnerSetup.Admin(db, _clock);
            var rotated = await admin.RotateSecretAsync(Actors.MallAdmin, partner.Code);
            await admin.RetireSecretAsync(Actors.MallAdmin, partner.Code, partner.SecretId);
            await admin.SuspendAsync(Actors.MallAdmin, partner.Code);
            await admin.ResumeAsync(Actors.MallAdmin, partner.Code);
            Assert.DoesNotContain(rotated.Secret, await AllTextAsync(db));
        }

        await using var check = database.CreateContext();
        Assert.DoesNotContain("demo-secret-for-the-metro-0001", await AllTextAsync(check));
        Assert.Equal(["partner.register", "partner.rotate_secret", "partner.retire_secret", "partner.suspend", "partner.resume"],
            await check.AuditEntries.OrderBy(e => e.Id).Where(e => e.EntityId == partner.Code).Select(e => e.Action).ToListAsync());
    }

    private static async Task<string> AllTextAsync(Core.Persistence.CarbonDbContext db)
    {
        var sealedSecrets = await db.PartnerSecrets.Select(s => s.SealedSecret).ToListAsync();
        var audit = await db.AuditEntries.Select(e => e.Before + " " + e.After).ToListAsync();
        return string.Join("\n", sealedSecrets.Select(s => Encoding.UTF8.GetString(s) + Convert.ToBase64String(s)).Concat(audit));
    }

    private Task<PartnerIdentity> VerifyAsync(TestStore database, string? partner, string? timestamp, string? signature,
        string method = "POST", string path = Path, byte[]? body = null)
    {
        var db = database.CreateContext();
        return PartnerSetup.Signatures(db, _clock).VerifyAsync(partner, timestamp, signature, method, path, body ?? Body)
            .ContinueWith(t => { db.Dispose(); return t; }).Unwrap();
    }

    private async Task AssertRefusedAsync(TestStore database, string code, string? partner, string? timestamp, string? signature,
        string method = "POST", string path = Path, byte[]? body = null)
    {
        var refusal = await Assert.ThrowsAsync<DomainException>(() => VerifyAsync(database, partner, timestamp, signature, method, path, body));
        Assert.Equal(code, refusal.Code);
    }
}
