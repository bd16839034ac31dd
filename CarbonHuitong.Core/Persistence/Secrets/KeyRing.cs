using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Core.Persistence.Secrets;

/// <summary>
/// Where the key that protects the Data Protection key ring comes from. The ring itself is in the database; this key
/// is not, so a copy of the database alone opens nothing. A certificate named in settings wins (a PFX file, or a
/// thumbprint in the current user's or the machine's store); without one, <see cref="KeyFile"/>, which the app makes
/// on first start.
/// </summary>
/// <param name="KeyFile">An absolute path; a self-signed certificate is made there, owner-only, when the file is missing.</param>
/// <param name="ReplaceUnreadableKeys">When the ride-code keys cannot be unsealed (the key file or certificate was lost or
/// changed), retire them and make a new one rather than refusing to start.</param>
public sealed record KeyRingSettings(
    string KeyFile,
    string? CertificatePath = null,
    string? CertificatePassword = null,
    string? CertificateThumbprint = null,
    bool ReplaceUnreadableKeys = false)
{
    public const string KeyFileSetting = "DataProtection:KeyFile";
    public const string CertificatePathSetting = "DataProtection:Certificate:Path";
    public const string CertificatePasswordSetting = "DataProtection:Certificate:Password";
    public const string CertificateThumbprintSetting = "DataProtection:Certificate:Thumbprint";
    public const string ReplaceUnreadableKeysSetting = "DataProtection:ReplaceUnreadableKeys";

    /// <summary>Under the content root, beside the default database folder (<c>data/</c>) but not in it, so a copy of that folder leaves it behind.</summary>
    public const string DefaultKeyFile = "keys/carbonhuitong-keyring.pfx";
}

public static class KeyRing
{
    /// <summary>Every server of a deployment uses this name, so they read each other's cookies, tokens and sealed secrets.</summary>
    public const string ApplicationName = "CarbonHuitong";

    /// <summary>
    /// Data Protection with its key ring in the database (<see cref="CarbonDbContext.DataProtectionKeys"/>), each key
    /// encrypted to the certificate from <paramref name="settings"/> before it is stored.
    /// </summary>
    public static IServiceCollection AddCarbonHuitongKeyRing(this IServiceCollection services, KeyRingSettings settings)
    {
        var certificate = CertificateFor(settings);
        services.AddSingleton(settings);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CarbonDbContext>()
            .ProtectKeysWithCertificate(certificate)
            // The default decryptor looks the certificate up in the machine's store, which Linux does not have.
            .UnprotectKeysWithAnyCertificate(certificate);
        return services;
    }

    /// <summary>The configured certificate, or the key file's, made on first start; refuses what cannot protect the ring.</summary>
    public static X509Certificate2 CertificateFor(KeyRingSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.CertificateThumbprint)) return FromStore(settings.CertificateThumbprint);
        if (!string.IsNullOrWhiteSpace(settings.CertificatePath))
            return Load(settings.CertificatePath, settings.CertificatePassword, KeyRingSettings.CertificatePathSetting);
        return KeyFile.LoadOrCreate(settings.KeyFile);
    }

    internal static X509Certificate2 Load(string path, string? password, string setting)
    {
        if (!File.Exists(path)) throw new StoreConfigurationException($"{setting} names '{path}', which does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, KeyStorage);
        }
        catch (CryptographicException wrong)
        {
            throw new StoreConfigurationException(
                $"{setting} names '{path}', which is not a PKCS#12 (.pfx) file this password opens: {wrong.Message}", wrong);
        }
        return WithPrivateKey(certificate, $"{setting} ('{path}')");
    }

    private static X509Certificate2 FromStore(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue;
            }
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Trim(), validOnly: false);
            if (found.Count > 0) return WithPrivateKey(found[0], $"{KeyRingSettings.CertificateThumbprintSetting} ({thumbprint})");
        }
        throw new StoreConfigurationException(
            $"{KeyRingSettings.CertificateThumbprintSetting} is '{thumbprint}', but no certificate with it is in the current user's or the machine's personal store.");
    }

    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, string where) =>
        certificate.HasPrivateKey && certificate.GetRSAPrivateKey() is not null
            ? certificate
            : throw new StoreConfigurationException($"The certificate in {where} has no RSA private key; the key ring needs one to be read back.");

    // Keys live in memory only; on Windows the default would write a copy into the user's key store.
    internal static X509KeyStorageFlags KeyStorage => OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
}
