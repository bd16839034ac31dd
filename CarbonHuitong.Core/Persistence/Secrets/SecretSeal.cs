using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CarbonHuitong.Core.Persistence.Secrets;

/// <summary>
/// Seals a secret the platform keeps in the database (a ride-code signing key; a partner's secret), so that a copy
/// of the database alone, such as a backup, does not reveal it. Sealing is ASP.NET Core Data Protection under a
/// purpose of the secret's own: its key ring is in the database too, but is itself protected by a certificate or key
/// file that is not (see <see cref="KeyRing"/>). Unseal once, when the secret is loaded, never on a request's path.
/// </summary>
public sealed class SecretSeal
{
    private readonly IDataProtector _protector;

    private SecretSeal(IDataProtector protector) => _protector = protector;

    /// <param name="purpose">Names the kind of secret and its format version, one of <see cref="SecretPurposes"/>; a secret
    /// sealed under one purpose cannot be unsealed under another.</param>
    public static SecretSeal For(IDataProtectionProvider protection, string purpose) => new(protection.CreateProtector(purpose));

    public byte[] Seal(byte[] secret) => _protector.Protect(secret);

    /// <summary>The secret, or false when this server's key ring cannot open it (another key file, a lost certificate, a damaged value).</summary>
    public bool TryUnseal(byte[] sealedSecret, out byte[] secret)
    {
        try
        {
            secret = _protector.Unprotect(sealedSecret);
            return true;
        }
        catch (CryptographicException)
        {
            secret = [];
            return false;
        }
    }
}

/// <summary>One purpose per kind of sealed secret; a new format of a secret gets a new version.</summary>
public static class SecretPurposes
{
    public const string RideCodeKeys = "CarbonHuitong.Transit.RideCodeKeys.v1";
    public const string PartnerSecrets = "CarbonHuitong.Behaviours.PartnerSecrets.v1";
}
