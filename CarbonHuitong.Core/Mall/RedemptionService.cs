using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Mall;

public sealed record RedemptionResult(CouponView Coupon, Credits Balance, bool Replayed);

/// <summary>Turns credits into a coupon: the spend, the stock and the coupon are one transaction or nothing.</summary>
public sealed class RedemptionService(CarbonDbContext db, LedgerService ledger, CreditExpiry expiry, TimeProvider clock)
{
    public const int MaxRequestIdLength = 64;

    /// <param name="requestId">The client's id for this redemption; a retry or a repeated click with it gets the same coupon.</param>
    public async Task<RedemptionResult> RedeemAsync(long accountId, long itemId, string requestId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(requestId) || requestId.Length > MaxRequestIdLength)
            throw new DomainException(ErrorCodes.BadRequest, $"A redemption needs a request id of 1 to {MaxRequestIdLength} characters.");

        // Reads come before the write lock: a repeated click is answered here, and the item is looked at once.
        if (await AnswerEarlierAsync(accountId, itemId, requestId, ct) is { } earlier) return earlier;
        var item = await db.MallItems.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null || !item.IsRedeemableAt(Now))
            throw new DomainException(ErrorCodes.ItemUnavailable, "This item is not in the mall any more.");
        // A twin of this request that committed first makes the unique (account, request id) index refuse this one.
        return await db.InWriteTransactionAsync(() => RedeemInTransactionAsync(accountId, item, requestId, ct),
            earlier: () => AnswerEarlierAsync(accountId, itemId, requestId, ct), ct);
    }

    private async Task<RedemptionResult> RedeemInTransactionAsync(long accountId, MallItem item, string requestId, CancellationToken ct)
    {
        var now = Now;
        // The spend locks the account's row, so the limit is counted with no other redemption of this citizen in flight.
        var code = Coupon.NewCode();
        // Credits past their cutoff are gone even if the expiry job has not run yet: they expire here, before the spend.
        await expiry.ExpireDueForAsync(accountId, ct);
        var spend = await ledger.SpendAsync(accountId, item.Price, item.Title.ToString(), code, ct);
        await EnforceMonthlyLimitAsync(accountId, item, now, ct);

        // The item's stock is the row every redemption of it writes: taken last, so on PostgreSQL its lock is held
        // only for the coupon's insert and the commit.
        var taken = await db.MallItems.Where(i => i.Id == item.Id && i.StockLeft > 0)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.StockLeft, i => i.StockLeft - 1), ct);
        if (taken == 0) throw new DomainException(ErrorCodes.SoldOut, "This item is sold out.");

        var coupon = Coupon.Issue(code, accountId, item, requestId, spend.EntryId, now);
        db.Coupons.Add(coupon);
        await db.SaveChangesAsync(ct);
        return new RedemptionResult(CouponView.From(coupon, now), spend.Balance, Replayed: false);
    }

    private async Task<RedemptionResult?> AnswerEarlierAsync(long accountId, long itemId, string requestId, CancellationToken ct)
    {
        var earlier = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == accountId && c.RequestId == requestId, ct);
        if (earlier is null) return null;
        if (earlier.MallItemId != itemId)
            throw new DomainException(ErrorCodes.RequestConflict, "This request id was already used to redeem another item.");
        return new RedemptionResult(CouponView.From(earlier, Now), await BalanceAsync(accountId, ct), Replayed: true);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<Credits> BalanceAsync(long accountId, CancellationToken ct) =>
        new(await db.CarbonAccounts.Where(a => a.Id == accountId).Select(a => a.BalanceHundredths).SingleAsync(ct));

    private async Task EnforceMonthlyLimitAsync(long accountId, MallItem item, DateTime now, CancellationToken ct)
    {
        if (item.MonthlyLimitPerCitizen is not { } limit) return;
        var today = PlatformTime.ChinaDateOf(now);
        var monthStartUtc = PlatformTime.ChinaDateToUtc(new DateOnly(today.Year, today.Month, 1));
        var thisMonth = await db.Coupons.CountAsync(
            c => c.AccountId == accountId && c.MallItemId == item.Id && c.IssuedAt >= monthStartUtc, ct);
        if (thisMonth >= limit)
            throw new DomainException(ErrorCodes.LimitReached, $"You can redeem this item {limit} times a month; try again next month.");
    }
}
