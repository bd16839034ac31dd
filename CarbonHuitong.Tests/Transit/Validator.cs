using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Transit;

/// <summary>
/// A validator on a bus, talking to the platform: each scan is its own request, with its own DbContext on the shared
/// database, while the ride-code keys are shared, as the app's singleton keyring is.
/// </summary>
internal sealed class Validator(TestStore database, TimeProvider clock, RideCodes rideCodes, RegisteredTerminal terminal)
{
    public const string Accepted = "accepted";

    public RegisteredTerminal Terminal => terminal;

    public static async Task<Validator> RegisterAsync(TestStore database, TimeProvider clock, RideCodes rideCodes, string? id = null) =>
        new(database, clock, rideCodes, await database.RegisterTerminalAsync(clock, id));

    /// <summary>The citizen shows a fresh ride code and the validator reads it.</summary>
    public ScanRequest ScanOf(long accountId, long fareFen = TransitBuilder.FareFen) =>
        TransitBuilder.Scan(rideCodes.Issue(accountId).Token, clock, fareFen);

    public Task<ScanResult> ScanAsync(ScanRequest scan) => ScanWithKeyAsync(terminal.Key, scan);

    public async Task<ScanResult> ScanWithKeyAsync(string? terminalKey, ScanRequest scan)
    {
        await using var db = database.CreateContext();
        return await CoreServices.Scans(db, rideCodes, clock).RecordRideAsync(terminalKey, scan);
    }

    /// <summary><see cref="Accepted"/>, or the code of the refusal, so a race can count its outcomes.</summary>
    public async Task<string> TryScanAsync(ScanRequest scan)
    {
        try
        {
            await ScanAsync(scan);
            return Accepted;
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

    /// <summary>The scan is refused with <paramref name="code"/>, and no ride, entry, balance or coupon moves.</summary>
    public async Task AssertRefusedAndNothingWrittenAsync(ScanRequest scan, string code, long accountId) =>
        await AssertRefusedAndNothingWrittenAsync(terminal.Key, scan, code, accountId);

    public async Task AssertRefusedAndNothingWrittenAsync(string? terminalKey, ScanRequest scan, string code, long accountId)
    {
        var before = await TransitSnapshot.TakeAsync(database, accountId);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => ScanWithKeyAsync(terminalKey, scan));

        Assert.Equal(code, refusal.Code);
        Assert.Equal(before, await TransitSnapshot.TakeAsync(database, accountId));
        await TransitInvariants.AssertHoldAsync(database);
    }

    /// <summary>Starts every call on the thread pool at once and waits for all of them.</summary>
    public static Task<T[]> InParallelAsync<T>(int count, Func<int, Task<T>> call) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => call(i))));
}

/// <summary>What a refused scan must leave as it was, read with plain SQL.</summary>
internal sealed record TransitSnapshot(long Rides, long Entries, long UsedCoupons, LedgerTotals Citizen)
{
    public static async Task<TransitSnapshot> TakeAsync(TestStore database, long accountId)
    {
        await using var db = database.CreateContext();
        return new TransitSnapshot(await db.CountRidesAsync(), await db.CountAllEntriesAsync(), await db.CountUsedCouponsAsync(),
            await db.AccountTotalsAsync(accountId));
    }
}
