using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>Funding's invariant: an item never issues more coupons than its batch paid for.</summary>
public sealed partial class InvariantChecker
{
    /// <summary>
    /// Each coupon issued took one unit of stock, and an item never starts with more stock than its batch paid for,
    /// so an item's coupons and the stock it has left add up to at most its batch.
    /// </summary>
    private Task<InvariantCheck> CouponsWithinBatchAsync(long items, CancellationToken ct) =>
        CheckAsync(Invariant.CouponsWithinBatch, "coupons issued plus stock left within the batch", "item", items, "item",
            from i in db.MallItems.AsNoTracking()
            join b in db.CouponBatches on i.BatchId equals b.Id
            let issued = db.Coupons.LongCount(c => c.MallItemId == i.Id)
            where issued + i.StockLeft > b.Quantity
            orderby i.Id
            select new { i.Id, BatchId = b.Id, b.Quantity, i.StockLeft, Issued = issued },
            i => new Violation(i.Id, $"#{i.Id} issued {i.Issued} + {i.StockLeft} left > batch #{i.BatchId} of {i.Quantity}"), ct);
}
