using System.Security.Cryptography;
using System.Text;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>
/// A citizen's consent that a partner reports their green behaviour: the partner's user id, linked to the citizen's
/// carbon account. Events for that user are the citizen's until the citizen revokes the link.
/// </summary>
public sealed class PartnerLink
{
    public const int MaxPartnerUserIdLength = 128;

    private PartnerLink() { }

    public long Id { get; private set; }
    public string PartnerCode { get; private set; } = "";
    public string PartnerUserId { get; private set; } = "";
    public long AccountId { get; private set; }
    public DateTime LinkedAt { get; private set; }

    /// <summary>When the citizen withdrew consent: every event for the partner user after it is refused.</summary>
    public DateTime? RevokedAt { get; private set; }

    /// <summary>When the raw events the partner sent for this user were deleted at the citizen's request.</summary>
    public DateTime? EventsDeletedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    internal static PartnerLink Create(string partnerCode, string partnerUserId, long accountId, DateTime nowUtc) => new()
    {
        PartnerCode = partnerCode,
        PartnerUserId = DomainText.RequireId(partnerUserId, "partner user id", MaxPartnerUserIdLength),
        AccountId = accountId,
        LinkedAt = nowUtc,
    };

    /// <summary>The same citizen links the same partner user again: a new consent, from now.</summary>
    internal void Renew(DateTime nowUtc)
    {
        LinkedAt = nowUtc;
        RevokedAt = null;
    }

    internal void Revoke(DateTime nowUtc) => RevokedAt ??= nowUtc;

    internal void MarkEventsDeleted(DateTime nowUtc) => EventsDeletedAt = nowUtc;
}

/// <summary>
/// A one-time code a citizen gives a partner to link their account there: short enough to type, valid
/// <see cref="Lifetime"/>, and kept only as a hash.
/// </summary>
public sealed class PartnerLinkCode
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>No 0/O, 1/I/L: 31 symbols, 8 of them, about 8.5 × 10^11 codes for a few live at a time.</summary>
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public const int Length = 8;

    private PartnerLinkCode() { }

    public byte[] CodeHash { get; private set; } = [];
    public string PartnerCode { get; private set; } = "";
    public long AccountId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RedeemedAt { get; private set; }

    /// <summary>The partner user the code linked, so a retry of the same redemption is answered as the first.</summary>
    public string? RedeemedFor { get; private set; }

    internal static (PartnerLinkCode Row, string Code) Issue(string partnerCode, long accountId, DateTime nowUtc)
    {
        var code = string.Create(Length, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        });
        return (new PartnerLinkCode
        {
            CodeHash = Hash(code) ?? throw new InvalidOperationException("A code just made is well formed."),
            PartnerCode = partnerCode,
            AccountId = accountId,
            CreatedAt = nowUtc,
            ExpiresAt = nowUtc + Lifetime,
        }, code);
    }

    /// <summary>"ABCD-EFGH" for people: read aloud or typed in two halves.</summary>
    public static string Display(string code) => code.Length == Length ? $"{code[..4]}-{code[4..]}" : code;

    /// <summary>The hash a code is kept under; spaces, dashes and case are forgiven. Null when it cannot be a code.</summary>
    public static byte[]? Hash(string? typed)
    {
        if (typed is null || typed.Length > 32) return null;
        var code = new string(typed.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());
        if (code.Length != Length || code.Any(c => !Alphabet.Contains(c))) return null;
        return SHA256.HashData(Encoding.ASCII.GetBytes(code));
    }

    internal void Redeem(string partnerUserId, DateTime nowUtc)
    {
        RedeemedAt = nowUtc;
        RedeemedFor = partnerUserId;
    }
}
