using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Mall;

/// <summary>A redemption as a request makes it: its own DbContext on the shared database.</summary>
internal static class Redemptions
{
    public const string Issued = "issued";

    public static async Task<RedemptionResult> RedeemAsync(this TestStore database, TimeProvider clock,
        long accountId, long itemId, string requestId)
    {
        await using var db = database.CreateContext();
        return await CoreServices.Redemptions(db, clock).RedeemAsync(accountId, itemId, requestId);
    }

    /// <summary><see cref="Issued"/>, or the code of the refusal, so a race can count its outcomes.</summary>
    public static async Task<string> TryRedeemAsync(this TestStore database, TimeProvider clock,
        long accountId, long itemId, string requestId)
    {
        try
        {
            await database.RedeemAsync(clock, accountId, itemId, requestId);
            return Issued;
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

    /// <summary>Starts every call on the thread pool at once and waits for all of them.</summary>
    public static Task<T[]> InParallelAsync<T>(int count, Func<int, Task<T>> call) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => call(i))));
}

/// <summary>What a refused redemption must leave as it was, read with plain SQL.</summary>
internal sealed record MallSnapshot(long Entries, long BalanceHundredths, long StockLeft, long Coupons)
{
    public static async Task<MallSnapshot> TakeAsync(TestStore database, long accountId, long itemId)
    {
        await using var db = database.CreateContext();
        return new MallSnapshot(await db.CountEntriesAsync(accountId), (await db.AccountTotalsAsync(accountId)).BalanceHundredths,
            await db.StockLeftAsync(itemId), await db.CountCouponsAsync());
    }
}
