using System.Security.Cryptography;
using System.Text;

namespace CarbonHuitong.Core.Transit;

/// <summary>
/// A bus validator. Its secret key is shown once and stored only as a SHA-256 hash: the key is 256 random bits,
/// so a slow password hash would add nothing but latency to every scan.
/// </summary>
public sealed class Terminal
{
    private const string KeyPrefix = "tk_";
    public const int MaxIdLength = 32;
    public const int MaxLineIdLength = Ledger.LedgerEntry.MaxLineIdLength;
    public const int MaxNameLength = 200;
    public const int MinKeyLength = 16;

    private Terminal() { }

    public string Id { get; private set; } = "";
    public string LineId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public byte[] KeyHash { get; private set; } = [];
    public bool IsActive { get; private set; }
    public DateTime RegisteredAt { get; private set; }
    public DateTime KeyIssuedAt { get; private set; }

    internal static (Terminal Terminal, string Secret) Register(string id, string lineId, string name, DateTime nowUtc, string? secret = null)
    {
        // The id is the first half of the ride's ledger event id "<terminal>/<scan>", so it may not contain a '/'.
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new DomainException(ErrorCodes.BadRequest,
                $"A terminal id has 1 to {MaxIdLength} characters: letters, digits, '-', '_' or '.'.");
        var terminal = new Terminal
        {
            Id = id,
            LineId = DomainText.Require(lineId, "terminal's line", MaxLineIdLength),
            Name = DomainText.Optional(name, "terminal's name", MaxNameLength) ?? "",
            IsActive = true,
            RegisteredAt = nowUtc,
        };
        return (terminal, terminal.IssueKey(nowUtc, secret));
    }

    /// <summary>Replaces the key; the old one stops working at once. Returns the new secret, which is never stored.</summary>
    internal string IssueKey(DateTime nowUtc, string? secret = null)
    {
        secret ??= KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        if (secret.Length < MinKeyLength) throw new DomainException(ErrorCodes.BadRequest, $"A terminal key has at least {MinKeyLength} characters.");
        KeyHash = HashKey(secret);
        KeyIssuedAt = nowUtc;
        return secret;
    }

    public static byte[] HashKey(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
