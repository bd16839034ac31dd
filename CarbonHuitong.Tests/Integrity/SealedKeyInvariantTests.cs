using System.Security.Cryptography;
using CarbonHuitong.Core.Integrity;
using CarbonHuitong.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Integrity;

/// <summary>The checker finds a ride-code private key stored in clear, planted with raw SQL in a world built through the real services.</summary>
public sealed class SealedKeyInvariantTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_key_marked_unsealed_is_found_and_named()
    {
        await using var world = await World.BuildAsync(await InitializedDatabase.CopyAsync(), _clock);
        var keyId = await ActiveKeyIdAsync(world);
        await PlantAsync(world, """UPDATE "RideCodeKeys" SET "Sealed" = 0""");

        var check = await FindBrokenAsync(world);

        Assert.Equal([new Violation(1, $"{keyId} is not sealed")], check.Samples);
    }

    [Fact]
    public async Task A_plain_private_key_in_a_row_marked_sealed_is_found_and_named()
    {
        await using var world = await World.BuildAsync(await InitializedDatabase.CopyAsync(), _clock);
        var keyId = await ActiveKeyIdAsync(world);
        using var plain = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await PlantAsync(world, """UPDATE "RideCodeKeys" SET "PrivateKey" = $key""", plain.ExportPkcs8PrivateKey());

        var check = await FindBrokenAsync(world);

        Assert.Equal([new Violation(1, $"{keyId} is marked sealed but holds a plain PKCS#8 private key")], check.Samples);
        Assert.Contains("✗ no ride-code key stored in clear (ride-code keys checked: 1) — 1 ride-code key:", check.ToString());
    }

    private static async Task<InvariantCheck> FindBrokenAsync(World world)
    {
        var report = await world.CheckAsync();
        Assert.Equal([Invariant.RideCodeKeySealed], report.Broken);
        return report[Invariant.RideCodeKeySealed];
    }

    private static async Task<string> ActiveKeyIdAsync(World world)
    {
        await using var db = world.Database.CreateContext();
        return await db.RideCodeKeys.Where(k => k.IsActive).Select(k => k.KeyId).SingleAsync();
    }

    private static async Task PlantAsync(World world, string sql, byte[]? key = null)
    {
        var unpooled = new SqliteConnectionStringBuilder(world.Database.ConnectionString) { Pooling = false }.ToString();
        await using var connection = new SqliteConnection(unpooled);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (key is not null) command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync();
    }
}
