using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>A partner whose call was signed with one of its active secrets: who it is and what it may report.</summary>
public sealed record PartnerIdentity(string Code, IReadOnlySet<string> BehaviourCodes)
{
    public string LedgerSource => Partner.SourceOf(Code);

    public bool MayReport(string behaviourCode) => BehaviourCodes.Contains(behaviourCode);
}

/// <summary>
/// Checks a partner's signed call: <c>X-Signature: v1=&lt;hex HMAC-SHA256&gt;</c> over
/// <c>"&lt;timestamp&gt;.&lt;METHOD&gt;.&lt;path and query&gt;.&lt;raw body&gt;"</c>, keyed with any active secret of the partner in
/// <c>X-Partner-Id</c>, with <c>X-Timestamp</c> (Unix seconds) within <see cref="AllowedSkew"/> of the platform's clock.
/// Secrets are unsealed when first needed and kept in memory for <see cref="ReferenceDataCache.MaxAge"/>, so a
/// retired secret or a suspension made on another server takes effect within that time (at once on this one).
/// </summary>
public sealed class PartnerSignatures(CarbonDbContext db, ReferenceDataCache referenceData, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string Scheme = "v1";
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromSeconds(300);

    private sealed record PartnerKeys(PartnerIdentity Identity, bool Active, IReadOnlyList<byte[]> Secrets);

    /// <returns>The partner, or a refusal: <c>unknown_partner</c> or <c>invalid_signature</c> (401).</returns>
    public async Task<PartnerIdentity> VerifyAsync(string? partnerId, string? timestamp, string? signature, string method, string pathAndQuery,
        ReadOnlyMemory<byte> body, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(partnerId) || partnerId.Length > Partner.MaxCodeLength) throw UnknownPartner();
        var keys = await referenceData.GetOrReadAsync((nameof(PartnerKeys), partnerId), () => ReadKeysAsync(partnerId, ct));
        if (keys is not { Active: true }) throw UnknownPartner();

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799))).Duration() > AllowedSkew)
            throw InvalidSignature("The timestamp is missing or more than 300 seconds from the platform's clock.");
        if (signature is null || !signature.StartsWith(Scheme + "=", StringComparison.Ordinal) || signature.Length != Scheme.Length + 1 + 64)
            throw InvalidSignature("X-Signature must be v1= followed by 64 hex digits.");
        byte[] claimed;
        try
        {
            claimed = Convert.FromHexString(signature.AsSpan(Scheme.Length + 1));
        }
        catch (FormatException)
        {
            throw InvalidSignature("X-Signature must be v1= followed by 64 hex digits.");
        }

        var signed = Signed(timestamp!, method, pathAndQuery, body.Span);
        var matched = false;
        // Every active secret is tried, so the time taken does not tell which one matched.
        foreach (var secret in keys.Secrets) matched |= CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, signed), claimed);
        if (!matched) throw InvalidSignature("The signature does not match the request and an active secret of this partner.");
        return keys.Identity;
    }

    /// <summary>The bytes a partner signs: <c>"&lt;timestamp&gt;.&lt;METHOD&gt;.&lt;path and query&gt;."</c> followed by the raw body.</summary>
    public static byte[] Signed(string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}.{method.ToUpperInvariant()}.{pathAndQuery}.");
        var signed = new byte[head.Length + body.Length];
        head.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(head.Length));
        return signed;
    }

    /// <summary>What a partner sends as <c>X-Signature</c> for a request; the reference implementation of the scheme.</summary>
    public static string Sign(string secret, string timestamp, string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        $"{Scheme}={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Signed(timestamp, method, pathAndQuery, body)))}";

    private async Task<PartnerKeys?> ReadKeysAsync(string partnerId, CancellationToken ct)
    {
        var partner = await db.Partners.AsNoTracking().Include(p => p.Behaviours).SingleOrDefaultAsync(p => p.Code == partnerId, ct);
        if (partner is null) return null;
        var sealedSecrets = await db.PartnerSecrets.AsNoTracking().Where(s => s.PartnerCode == partnerId && s.RetiredAt == null)
            .Select(s => s.SealedSecret).ToListAsync(ct);
        var seal = SecretSeal.For(protection, SecretPurposes.PartnerSecrets);
        var secrets = new List<byte[]>();
        // A secret this server's key ring cannot open signs nothing here.
        foreach (var sealedSecret in sealedSecrets)
            if (seal.TryUnseal(sealedSecret, out var secret)) secrets.Add(secret);
        return new PartnerKeys(new PartnerIdentity(partner.Code, partner.Behaviours.Select(b => b.BehaviourCode).ToHashSet(StringComparer.Ordinal)),
            partner.Status == PartnerStatus.Active, secrets);
    }

    private static DomainException UnknownPartner() =>
        new(ErrorCodes.UnknownPartner, "X-Partner-Id names no partner, or one that is suspended.");

    private static DomainException InvalidSignature(string why) => new(ErrorCodes.InvalidSignature, why);
}
