using System.Security.Cryptography;

namespace CarbonHuitong.Core.Behaviours.Partners;

public enum PartnerStatus
{
    Active,

    /// <summary>Every call is refused with <c>unknown_partner</c> until an administrator resumes it; links and events stay.</summary>
    Suspended,
}

/// <summary>
/// A platform that reports its users' green behaviour (a metro operator, a bike-share app, a takeaway platform):
/// which behaviours it may report, and the secrets it signs its calls with.
/// </summary>
public sealed class Partner
{
    public const int MaxCodeLength = 32;
    public const int MaxNameLength = 100;
    public const string LedgerSourcePrefix = "partner:";

    private readonly List<PartnerBehaviour> _behaviours = [];

    private Partner() { }

    /// <summary>The partner's id in every call (<c>X-Partner-Id</c>): lower-case letters, digits and '-'.</summary>
    public string Code { get; private set; } = "";
    /// <summary>The partner's name in Chinese and English; one of them may be empty.</summary>
    public BilingualText Name { get; private set; } = BilingualText.Empty;
    public PartnerStatus Status { get; private set; }
    public DateTime RegisteredAt { get; private set; }

    /// <summary>
    /// How long an event this partner sends as pending waits for its confirmation or reversal; after that the
    /// lifecycle job confirms it. 72 hours unless an administrator sets otherwise.
    /// </summary>
    public int PendingWindowHours { get; private set; } = DefaultPendingWindowHours;

    public const int DefaultPendingWindowHours = 72;
    public const int MaxPendingWindowHours = 24 * 90;

    public TimeSpan PendingWindow => TimeSpan.FromHours(PendingWindowHours);

    public IReadOnlyList<PartnerBehaviour> Behaviours => _behaviours;

    /// <summary>How the ledger names this partner as the source of an entry.</summary>
    public string LedgerSource => SourceOf(Code);

    public static string SourceOf(string partnerCode) => LedgerSourcePrefix + partnerCode;

    /// <summary>The partner's code for a ledger source, or null when the source is not a partner.</summary>
    public static string? CodeOfSource(string? source) =>
        source is not null && source.StartsWith(LedgerSourcePrefix, StringComparison.Ordinal) ? source[LedgerSourcePrefix.Length..] : null;

    public bool MayReport(string behaviourCode) => _behaviours.Any(b => b.BehaviourCode == behaviourCode);

    internal static Partner Register(string code, string nameZh, string nameEn, IEnumerable<string> behaviourCodes, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxCodeLength || !code.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            throw new DomainException(ErrorCodes.BadRequest, $"A partner code has 1 to {MaxCodeLength} characters: lower-case letters, digits or '-'.");
        var partner = new Partner { Code = code, Status = PartnerStatus.Active, RegisteredAt = nowUtc };
        partner.Rename(nameZh, nameEn);
        partner.Allow(behaviourCodes);
        return partner;
    }

    /// <summary>Both names are asked for; at least one is required, and a citizen reading the other language sees it.</summary>
    internal void Rename(string? nameZh, string? nameEn) => Name = BilingualText.Require(nameZh, nameEn, "partner's name", MaxNameLength);

    internal void Allow(IEnumerable<string> behaviourCodes)
    {
        var codes = behaviourCodes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0) throw new DomainException(ErrorCodes.BadRequest, "A partner reports at least one behaviour.");
        _behaviours.RemoveAll(b => !codes.Contains(b.BehaviourCode));
        foreach (var added in codes.Where(c => _behaviours.All(b => b.BehaviourCode != c)))
            _behaviours.Add(new PartnerBehaviour(Code, added));
    }

    internal void SetPendingWindow(int hours)
    {
        if (hours is < 1 or > MaxPendingWindowHours)
            throw new DomainException(ErrorCodes.BadRequest, $"A pending window is 1 to {MaxPendingWindowHours:#,0} hours.");
        PendingWindowHours = hours;
    }

    internal void Suspend() => Status = PartnerStatus.Suspended;

    internal void Resume() => Status = PartnerStatus.Active;
}

/// <summary>A behaviour a partner may report.</summary>
public sealed class PartnerBehaviour
{
    private PartnerBehaviour() { }

    internal PartnerBehaviour(string partnerCode, string behaviourCode) => (PartnerCode, BehaviourCode) = (partnerCode, behaviourCode);

    public string PartnerCode { get; private set; } = "";
    public string BehaviourCode { get; private set; } = "";
}

/// <summary>
/// A secret a partner signs with. It is shown once and kept sealed (Data Protection), never in clear. A partner may
/// hold two at once while it rotates: a new one works at once, and the old one until it is retired.
/// </summary>
public sealed class PartnerSecret
{
    private const string SecretPrefix = "ps_";
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    private PartnerSecret() { }

    public long Id { get; private set; }
    public string PartnerCode { get; private set; } = "";
    public byte[] SealedSecret { get; private set; } = [];
    public DateTime IssuedAt { get; private set; }
    public DateTime? RetiredAt { get; private set; }

    public bool IsActive => RetiredAt is null;

    /// <param name="secret">A preset secret (the demo partners', from Development settings), or null for 256 random bits.</param>
    /// <returns>The secret in clear, to show once.</returns>
    internal static (PartnerSecret Row, string Secret) Issue(string partnerCode, Func<byte[], byte[]> seal, DateTime nowUtc, string? secret = null)
    {
        secret ??= SecretPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        if (secret.Length is < MinSecretLength or > MaxSecretLength)
            throw new DomainException(ErrorCodes.BadRequest, $"A partner secret has {MinSecretLength} to {MaxSecretLength} characters.");
        return (new PartnerSecret
        {
            PartnerCode = partnerCode,
            SealedSecret = seal(System.Text.Encoding.UTF8.GetBytes(secret)),
            IssuedAt = nowUtc,
        }, secret);
    }

    internal void Retire(DateTime nowUtc) => RetiredAt ??= nowUtc;
}
