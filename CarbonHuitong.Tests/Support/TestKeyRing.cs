using Microsoft.AspNetCore.DataProtection;

namespace CarbonHuitong.Tests.Support;

/// <summary>The Data Protection key rings tests seal their ride-code keys with.</summary>
public static class TestKeyRing
{
    /// <summary>
    /// One ring for every Core-level test in the run, held in memory, as one app's ring is: a test's "restart" loads
    /// keys it sealed before. The app-level tests use the real ring in the database (<see cref="TestKeyFile"/>).
    /// </summary>
    public static readonly IDataProtectionProvider Shared = new EphemeralDataProtectionProvider();
}

/// <summary>
/// A key file path for one app under test, in a temporary folder of its own (never the repository, where the app's
/// default would put it), deleted on dispose. The app makes the file on its first start.
/// </summary>
public sealed class TestKeyFile : IDisposable
{
    public TestKeyFile()
    {
        Folder = Path.Combine(Path.GetTempPath(), "carbonhuitong-tests", Guid.NewGuid().ToString("N") + "-keys");
        FilePath = Path.Combine(Folder, "keyring.pfx");
    }

    public string Folder { get; }
    public string FilePath { get; }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
