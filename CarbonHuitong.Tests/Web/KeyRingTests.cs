using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Persistence.Secrets;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// The key ring is in the database and protected by a key file that is not: servers on one database share sign-ins,
/// and a copy of the database file, such as a backup, signs nothing a validator accepts.
/// </summary>
public sealed class KeyRingTests : IAsyncLifetime
{
    private const string Password = "Green-Trip-2026";
    private TestDatabase _database = default!;
    private readonly TestKeyFile _keyFile = new();
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync()
    {
        _database = new TestDatabase();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables)) await disposable.DisposeAsync();
        await _database.DisposeAsync();
        _keyFile.Dispose();
    }

    [Fact]
    public async Task A_bearer_token_and_a_sign_in_cookie_from_one_server_still_work_after_a_restart_on_a_second_server()
    {
        string token, cookie;
        await using (var first = new CarbonHuitongApp(_database, _keyFile))
        {
            token = (await first.BearerCitizenAsync("restart@example.com")).DefaultRequestHeaders.Authorization!.Parameter!;
            var browser = first.CreateBrowser();
            var signIn = await CarbonHuitongApp.PostSignInFormAsync(browser, "restart@example.com", Password);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=")).Split(';')[0];
        }

        var second = Start(new CarbonHuitongApp(_database, _keyFile));
        var bearer = second.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var cookieClient = second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        cookieClient.DefaultRequestHeaders.Add("Cookie", cookie);

        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/me/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookieClient.GetAsync("/api/me/account")).StatusCode);
        // They share the ring through the database, where each key is stored encrypted to the key file's certificate.
        await using var db = _database.CreateContext();
        var ring = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(ring);
        Assert.All(ring, xml =>
        {
            Assert.Contains("<EncryptedData", xml);
            Assert.DoesNotContain("<value>", xml);
        });
    }

    [Fact]
    public async Task A_key_read_from_a_copy_of_the_database_file_cannot_sign_a_code_that_the_scan_api_accepts()
    {
        var app = Start(new CarbonHuitongApp(_database, _keyFile));
        var terminalKey = await RegisterTerminalAsync(app);
        var victim = await app.BearerCitizenAsync("victim@example.com");
        var victimAccount = await AccountIdAsync("victim@example.com");
        await using var backup = await BackupAsync(_database);

        // The attacker reads the active key straight from the copy, with plain SQL, and signs with it a code for another
        // account. When the column is not a key they can import, the best they can do is a key of their own under its id.
        var (keyId, privateKeyColumn) = await ReadActiveKeyAsync(backup);
        using var imported = RideCodeSigning.ImportOrNull(privateKeyColumn);
        using var signingKey = imported ?? System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var forged = RideCodeSigning.SignedWith(signingKey, keyId, victimAccount, TimeProvider.System);

        var refused = await ScanAsync(app, terminalKey, forged, "forged-1");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_code", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(0m, (await victim.GetFromJsonAsync<JsonElement>("/api/me/account")).GetProperty("balance").GetDecimal());
        Assert.Null(imported);
        // The same code signed with the platform's real key, which only the running app holds, is accepted: it was the key that was missing.
        var keyring = app.Services.GetRequiredService<RideCodeKeyring>();
        var genuine = RideCodeForgery.SignedByThePlatform(keyring, RideCodeForgery.PayloadOf(forged));
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(app, terminalKey, genuine, "genuine-1")).StatusCode);
    }

    [Fact]
    public async Task A_server_on_a_copy_of_the_database_with_another_key_file_does_not_start()
    {
        var app = Start(new CarbonHuitongApp(_database, _keyFile));
        await RegisterTerminalAsync(app);
        await using var backup = await BackupAsync(_database);
        using var otherKeyFile = new TestKeyFile();
        await using var stranger = new CarbonHuitongApp(backup, otherKeyFile);

        // The app stops with one line saying what to fix (Program.cs), and serves nothing: no scan reaches a key it cannot open.
        var said = new StringWriter();
        var stderr = Console.Error;
        Console.SetError(TextWriter.Synchronized(said));
        try
        {
            Assert.ThrowsAny<InvalidOperationException>(() => stranger.CreateClient());
        }
        finally
        {
            Console.SetError(stderr);
        }

        var line = said.ToString();
        Assert.Contains("Carbon Huitong cannot start: The ride-code keys", line);
        Assert.Contains("cannot be unsealed", line);
        Assert.Contains(KeyRingSettings.KeyFileSetting, line);
        Assert.Contains(KeyRingSettings.ReplaceUnreadableKeysSetting, line);
    }

    [Fact]
    public async Task Told_to_replace_unreadable_keys_a_server_on_a_copy_with_another_key_file_starts_with_a_new_key_and_refuses_old_codes()
    {
        var app = Start(new CarbonHuitongApp(_database, _keyFile));
        var citizen = await app.BearerCitizenAsync("copied@example.com");
        var oldCode = (await citizen.GetFromJsonAsync<JsonElement>("/api/me/ride-code")).GetProperty("token").GetString()!;
        var oldKeyId = app.Services.GetRequiredService<RideCodeKeyring>().ActiveKeyId;
        await using var backup = await BackupAsync(_database);
        using var otherKeyFile = new TestKeyFile();
        var copied = new CarbonHuitongApp(backup, otherKeyFile);
        var replacing = Start(copied.WithWebHostBuilder(web => web.UseSetting(KeyRingSettings.ReplaceUnreadableKeysSetting, "true")));
        _disposables.Add(copied);
        var terminalKey = await RegisterTerminalAsync(replacing);

        Assert.NotEqual(oldKeyId, replacing.Services.GetRequiredService<RideCodeKeyring>().ActiveKeyId);
        var refused = await ScanAsync(replacing, terminalKey, oldCode, "old-code");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid_code", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        // The old sign-in is gone with the old ring: the token no longer signs anyone in.
        var stale = replacing.CreateClient();
        stale.DefaultRequestHeaders.Authorization = citizen.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.GetAsync("/api/me/account")).StatusCode);
        var signedIn = await SignInAsync(replacing, "copied@example.com");
        var newCode = (await signedIn.GetFromJsonAsync<JsonElement>("/api/me/ride-code")).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(replacing, terminalKey, newCode, "new-code")).StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_key_file_is_made_on_first_start_for_its_owner_only_and_the_database_file_too()
    {
        var app = Start(new CarbonHuitongApp(_database, _keyFile));
        app.CreateClient().Dispose();

        Assert.Equal(KeyFile.OwnerOnlyFile, File.GetUnixFileMode(_keyFile.FilePath));
        Assert.Equal(KeyFile.OwnerOnlyFolder, File.GetUnixFileMode(_keyFile.Folder));
        Assert.Equal(KeyFile.OwnerOnlyFile, File.GetUnixFileMode(_database.FilePath));
        Assert.NotEqual(Path.GetDirectoryName(_database.FilePath), _keyFile.Folder);
    }

    [Fact]
    public async Task A_certificate_named_in_settings_protects_the_ring_instead_of_a_key_file()
    {
        using var certificateFolder = new TestKeyFile();
        Directory.CreateDirectory(certificateFolder.Folder);
        var pfx = Path.Combine(certificateFolder.Folder, "ring.pfx");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var certificate = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=Carbon Huitong test ring", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "ring-password"));
        var plain = new CarbonHuitongApp(_database, _keyFile);
        _disposables.Add(plain);

        var app = Start(plain.WithWebHostBuilder(web => web
            .UseSetting(KeyRingSettings.CertificatePathSetting, pfx)
            .UseSetting(KeyRingSettings.CertificatePasswordSetting, "ring-password")));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/auth/register", new { email = "certified@example.com", password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await SignInAsync(app, "certified@example.com")).GetAsync("/api/me/account")).StatusCode);

        Assert.False(File.Exists(_keyFile.FilePath));
        await using var db = _database.CreateContext();
        var ring = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.NotEmpty(ring);
        Assert.All(ring, xml => Assert.Contains(Convert.ToBase64String(certificate.RawData), xml));
    }

    private T Start<T>(T app) where T : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        _disposables.Add(app);
        app.CreateClient().Dispose();
        return app;
    }

    private static async Task<HttpClient> SignInAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string email)
    {
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> RegisterTerminalAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<TerminalService>().RegisterAsync(Actors.MallAdmin, "CQ-KEYS-01", "871", "Key ring tests");
    }

    private static Task<HttpResponseMessage> ScanAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string terminalKey,
        string rideCode, string scanId)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Terminal-Key", terminalKey);
        return client.PostAsJsonAsync("/api/terminal/scans",
            new { scanId, rideCode, lineId = "871", vehicleId = "B-1", fareFen = 200, scannedAt = DateTime.UtcNow });
    }

    /// <summary>A backup of the live database file, as an operator takes one (SQLite's VACUUM INTO), in a folder of its own.</summary>
    private static async Task<TestDatabase> BackupAsync(TestDatabase live)
    {
        var copy = new TestDatabase();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(live.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO $path";
        command.Parameters.AddWithValue("$path", copy.FilePath);
        await command.ExecuteNonQueryAsync();
        return copy;
    }

    private static async Task<(string KeyId, byte[] PrivateKey)> ReadActiveKeyAsync(TestDatabase copy)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(copy.ConnectionString) { Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "KeyId", "PrivateKey" FROM "RideCodeKeys" WHERE "IsActive" = 1""";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), (byte[])reader[1]);
    }

    private async Task<long> AccountIdAsync(string email)
    {
        await using var db = _database.CreateContext();
        return await db.CarbonAccounts.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Email == email)).Select(a => a.Id).SingleAsync();
    }

}
