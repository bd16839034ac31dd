using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CarbonHuitong.Core.Persistence.Secrets;

/// <summary>
/// The key ring's key where no certificate is configured: a self-signed certificate in a PKCS#12 file the app makes on
/// first start, readable by the app's own user only (0600, in a 0700 folder, on Unix). Not in the database file or
/// its folder, so a copy of either opens nothing. Losing it loses the key ring: see the README's "Keys and secrets".
/// </summary>
public static class KeyFile
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const string Subject = "CN=Carbon Huitong key ring";

    public static X509Certificate2 LoadOrCreate(string path)
    {
        if (!Path.IsPathRooted(path)) throw new ArgumentException("The key file's path must be absolute.", nameof(path));
        if (!File.Exists(path)) Create(path);
        return KeyRing.Load(path, password: null, KeyRingSettings.KeyFileSetting);
    }

    /// <summary>
    /// Written to a temporary name and then linked into place, so a second server starting at the same moment either
    /// finds the finished file or keeps its own out of the way, and both end up with the same one.
    /// </summary>
    private static void Create(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(Subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        var now = DateTimeOffset.UtcNow;
        // Data Protection does not look at the dates; they are wide so that no tool reading the file calls it expired.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var pfx = certificate.Export(X509ContentType.Pkcs12);

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(pfx);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another server made it first: use theirs.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
