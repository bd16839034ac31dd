using System.Security.Cryptography;
using System.Text;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Transit;

/// <summary>A validator proves itself with its secret key; the platform keeps only the key's hash.</summary>
public sealed class TerminalKeyTests
{
    private readonly TestClock _clock = new();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tk_not-the-key-of-any-validator-at-all")]
    public async Task A_scan_with_a_missing_or_wrong_terminal_key_is_refused_with_unknown_terminal_and_writes_nothing(string? terminalKey)
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);

        await validator.AssertRefusedAndNothingWrittenAsync(terminalKey, validator.ScanOf(citizen.AccountId), ErrorCodes.UnknownTerminal, citizen.AccountId);
    }

    [Fact]
    public async Task A_key_that_differs_from_the_real_one_only_in_case_or_by_a_trailing_space_is_refused_with_unknown_terminal()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var key = validator.Terminal.Key;

        await validator.AssertRefusedAndNothingWrittenAsync(key.ToUpperInvariant(), validator.ScanOf(citizen.AccountId), ErrorCodes.UnknownTerminal, citizen.AccountId);
        await validator.AssertRefusedAndNothingWrittenAsync(key + " ", validator.ScanOf(citizen.AccountId), ErrorCodes.UnknownTerminal, citizen.AccountId);
    }

    [Fact]
    public async Task After_its_key_is_rotated_the_old_key_is_refused_with_unknown_terminal_and_the_new_key_rides()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rideCodes = await database.LoadRideCodesAsync(_clock);
        var validator = await Validator.RegisterAsync(database, _clock, rideCodes);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        string newKey;
        await using (var db = database.CreateContext())
        {
            newKey = await CoreServices.Terminals(db, _clock).RotateKeyAsync(Actors.MallAdmin, validator.Terminal.Id);
        }

        await validator.AssertRefusedAndNothingWrittenAsync(validator.Terminal.Key, validator.ScanOf(citizen.AccountId),
            ErrorCodes.UnknownTerminal, citizen.AccountId);
        var result = await validator.ScanWithKeyAsync(newKey, validator.ScanOf(citizen.AccountId));

        Assert.NotEqual(validator.Terminal.Key, newKey);
        Assert.True(result.Accepted);
    }

    [Fact]
    public async Task A_validator_key_is_stored_only_as_its_SHA256_hash()
    {
        await using var database = await TestDatabase.CreateAsync();
        var rotated = await database.RegisterTerminalAsync(_clock, id: "rotated");
        var registered = await database.RegisterTerminalAsync(_clock, id: "registered");
        string rotatedKey;
        await using (var db = database.CreateContext())
        {
            rotatedKey = await CoreServices.Terminals(db, _clock).RotateKeyAsync(Actors.MallAdmin, "rotated");
        }

        await using (var db = database.CreateContext())
        {
            var terminals = await db.Terminals.AsNoTracking().OrderBy(t => t.Id).ToListAsync();
            Assert.Equal([SHA256.HashData(Encoding.UTF8.GetBytes(registered.Key)), SHA256.HashData(Encoding.UTF8.GetBytes(rotatedKey))],
                terminals.Select(t => t.KeyHash));
        }
        // Nowhere in the database's files, in any column or table, is the text a validator was given.
        Assert.True(SqliteFiles.Contain(database, "registered"));
        Assert.False(SqliteFiles.Contain(database, registered.Key));
        Assert.False(SqliteFiles.Contain(database, rotated.Key));
        Assert.False(SqliteFiles.Contain(database, rotatedKey));
    }

    [Fact]
    public async Task Registering_a_terminal_id_twice_is_refused_with_bad_request()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.RegisterTerminalAsync(_clock, id: "front-door");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.RegisterTerminalAsync(_clock, id: "front-door"));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
    }
}

/// <summary>Reads the SQLite database file and its write-ahead log as bytes, whatever the app wrote to them.</summary>
internal static class SqliteFiles
{
    public static bool Contain(TestDatabase database, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return new[] { database.FilePath, database.FilePath + "-wal" }.Where(File.Exists).Any(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            return bytes.ToArray().AsSpan().IndexOf(needle) >= 0;
        });
    }
}
