using System.Globalization;
using System.Security.Cryptography;

namespace CarbonHuitong.Core.Transit;

/// <summary>
/// A platform key that signs ride codes (ECDSA P-256). Validators hold the public halves and check codes offline.
/// Kept with the data, never in source; a new key is made on first start and on rotation, and old keys stay
/// listed for verification until retired.
/// </summary>
public sealed class RideCodeKey
{
    public const string Es256 = "ES256";

    private RideCodeKey() { }

    public string KeyId { get; private set; } = "";
    public string Algorithm { get; private set; } = Es256;
    public byte[] PublicKey { get; private set; } = [];
    public byte[] PrivateKey { get; private set; } = [];
    public DateTime CreatedAt { get; private set; }
    public bool IsActive { get; private set; }
    public DateTime? RetiredAt { get; private set; }

    internal static RideCodeKey Generate(DateTime nowUtc)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new RideCodeKey
        {
            KeyId = string.Create(CultureInfo.InvariantCulture, $"rk-{nowUtc:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"),
            PublicKey = ecdsa.ExportSubjectPublicKeyInfo(),
            PrivateKey = ecdsa.ExportPkcs8PrivateKey(),
            CreatedAt = nowUtc,
            IsActive = true,
        };
    }

    internal void Deactivate() => IsActive = false;

    internal void Retire(DateTime nowUtc)
    {
        IsActive = false;
        RetiredAt = nowUtc;
    }
}
