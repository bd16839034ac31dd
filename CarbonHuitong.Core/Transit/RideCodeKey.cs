using System.Globalization;
using System.Security.Cryptography;
using CarbonHuitong.Core.Persistence.Secrets;

namespace CarbonHuitong.Core.Transit;

/// <summary>
/// A platform key that signs ride codes (ECDSA P-256). Validators hold the public halves and check codes offline.
/// Kept with the data, never in source; a new key is made on first start and on rotation, and old keys stay
/// listed for verification until retired. The private half is stored sealed (<see cref="SecretSeal"/>), so a copy of
/// the database cannot sign; a key an earlier release stored in clear is sealed when the keys are next loaded.
/// </summary>
public sealed class RideCodeKey
{
    public const string Es256 = "ES256";

    private RideCodeKey() { }

    public string KeyId { get; private set; } = "";
    public string Algorithm { get; private set; } = Es256;
    public byte[] PublicKey { get; private set; } = [];
    /// <summary>The PKCS#8 private key sealed under <see cref="SecretPurposes.RideCodeKeys"/>; plain PKCS#8 only while <see cref="Sealed"/> is false.</summary>
    public byte[] PrivateKey { get; private set; } = [];
    public bool Sealed { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public bool IsActive { get; private set; }
    public DateTime? RetiredAt { get; private set; }

    internal static RideCodeKey Generate(DateTime nowUtc, SecretSeal seal)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = ecdsa.ExportPkcs8PrivateKey();
        var key = new RideCodeKey
        {
            KeyId = string.Create(CultureInfo.InvariantCulture, $"rk-{nowUtc:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"),
            PublicKey = ecdsa.ExportSubjectPublicKeyInfo(),
            PrivateKey = privateKey,
            CreatedAt = nowUtc,
            IsActive = true,
        };
        key.Seal(seal);
        return key;
    }

    /// <summary>
    /// Seals a private key stored in clear (by an earlier release); a sealed one is left as it is, also when only its
    /// flag was lost (a downgrade past the migration that added it, then an upgrade): it is marked sealed again.
    /// </summary>
    internal void Seal(SecretSeal seal)
    {
        if (Sealed) return;
        if (seal.TryUnseal(PrivateKey, out var inner))
        {
            CryptographicOperations.ZeroMemory(inner);
            Sealed = true;
            return;
        }
        var plain = PrivateKey;
        PrivateKey = seal.Seal(plain);
        CryptographicOperations.ZeroMemory(plain);
        Sealed = true;
    }

    /// <summary>The PKCS#8 private key, or false when this server's key ring cannot unseal it.</summary>
    internal bool TryUnsealPrivateKey(SecretSeal seal, out byte[] pkcs8)
    {
        if (Sealed) return seal.TryUnseal(PrivateKey, out pkcs8);
        pkcs8 = PrivateKey;
        return true;
    }

    internal void Deactivate() => IsActive = false;

    internal void Retire(DateTime nowUtc)
    {
        IsActive = false;
        RetiredAt = nowUtc;
    }
}
