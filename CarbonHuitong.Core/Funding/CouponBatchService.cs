using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Funding;

public sealed record BatchReviewView(
    long BatchId, long ProjectId, string ProjectName, string Organization, Fen FaceValue, int Quantity, Credits Price, int? ValidDays,
    DateTime? ValidUntil, int? MonthlyLimitPerCitizen, BatchStatus Status, DateTime FundedAt, DateTime? SubmittedAt, string? RejectionReason,
    long? ItemId, string? ItemTitle, int? StockLeft);

public sealed record ListingDraft(string Title, string Description, string? ImageUrl);

/// <summary>The mall administrator's side of the shelf: review submitted batches, list or reject them, delist items.</summary>
public sealed class ShelfService(CarbonDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<BatchReviewView>> ListBatchesAsync(Actor admin, BatchStatus? status = null, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var batches = db.CouponBatches.AsNoTracking().Where(b => b.Status != BatchStatus.Draft);
        if (status is { } only) batches = batches.Where(b => b.Status == only);
        return await (
                from b in batches
                join p in db.EmissionProjects on b.ProjectId equals p.Id
                join i in db.MallItems on b.Id equals i.BatchId into items
                from item in items.DefaultIfEmpty()
                orderby b.Status == BatchStatus.Submitted descending, b.Id descending
                select new BatchReviewView(b.Id, p.Id, p.Name, p.Organization, new Fen(b.FaceValueFen), b.Quantity, new Credits(b.PriceHundredths),
                    b.ValidDays, b.ValidUntil, b.MonthlyLimitPerCitizen, b.Status, b.FundedAt, b.SubmittedAt, b.RejectionReason,
                    item == null ? null : item.Id, item == null ? null : item.Title, item == null ? null : item.StockLeft))
            .Take(500)
            .ToListAsync(ct);
    }

    public async Task<long> ListAsync(Actor admin, long batchId, ListingDraft listing, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return await db.InWriteTransactionAsync(async () =>
        {
            var batch = await FindBatchAsync(batchId, ct);
            var item = MallItem.ListBatch(batch, listing.Title, listing.Description, listing.ImageUrl, Now);
            db.MallItems.Add(item);
            await db.SaveChangesAsync(ct);
            audit.Record(admin, "batch.list", nameof(CouponBatch), batchId.ToString(), new { Status = BatchStatus.Submitted },
                new { batch.Status, ItemId = item.Id, listing.Title, listing.Description, listing.ImageUrl, item.StockLeft });
            await db.SaveChangesAsync(ct);
            return item.Id;
        }, ct);
    }

    public async Task RejectAsync(Actor admin, long batchId, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var batch = await FindBatchAsync(batchId, ct);
            batch.Reject(reason, Now);
            audit.Record(admin, "batch.reject", nameof(CouponBatch), batchId.ToString(), new { Status = BatchStatus.Submitted },
                new { batch.Status, batch.RejectionReason });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>Takes an item off the shelf; coupons already redeemed stay valid.</summary>
    public async Task DelistAsync(Actor admin, long itemId, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var item = await db.MallItems.SingleOrDefaultAsync(i => i.Id == itemId, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, "There is no such item.");
            if (item.Status != MallItemStatus.Listed) throw new DomainException(ErrorCodes.InvalidState, "This item is not on the shelf.");
            var batch = await FindBatchAsync(item.BatchId, ct);
            item.Delist();
            batch.MarkDelisted();
            audit.Record(admin, "item.delist", nameof(MallItem), itemId.ToString(), new { Status = MallItemStatus.Listed, item.StockLeft },
                new { item.Status, item.StockLeft });
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<CouponBatch> FindBatchAsync(long batchId, CancellationToken ct) =>
        await db.CouponBatches.SingleOrDefaultAsync(b => b.Id == batchId, ct)
        ?? throw new DomainException(ErrorCodes.NotFound, "There is no such batch.");
}
