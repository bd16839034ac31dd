using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Funding;

/// <param name="ValidUntil">The instant coupons stop being valid (exclusive); <see cref="PlatformTime.EndOfChinaDay"/> of a "valid through" day.</param>
public sealed record BatchDraft(Fen FaceValue, int Quantity, Credits Price, int? ValidDays, DateTime? ValidUntil, int? MonthlyLimitPerCitizen);

/// <param name="Title">In Chinese and English, at least one; <see cref="MallItem.List"/> checks it.</param>
public sealed record ListingDraft(BilingualText Title, BilingualText Description, string? ImageUrl);

public sealed record BatchReviewView(
    long BatchId, long ProjectId, string ProjectName, string Organization, Fen FaceValue, int Quantity, Credits Price, int? ValidDays,
    DateTime? ValidUntil, int? MonthlyLimitPerCitizen, BatchStatus Status, DateTime FundedAt, DateTime? SubmittedAt, string? RejectionReason,
    long? ItemId, BilingualText? ItemTitle, int? StockLeft);

/// <summary>
/// A coupon batch from proposal to the shelf, the one way there: a project owner funds it from revenue not yet
/// allocated and submits it; a mall administrator lists it on the shelf on its terms, or rejects it, and may delist it.
/// Each step checks who may take it and is audited in its transaction.
/// </summary>
public sealed class CouponBatchService(CarbonDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Refused with <c>insufficient_revenue</c> when the batch's face value exceeds the revenue not yet allocated.</summary>
    public Task<long> FundAsync(Actor owner, long projectId, BatchDraft draft, CancellationToken ct = default) =>
        db.InWriteTransactionAsync(async () =>
        {
            await ProjectQueries.RequireOwnAsync(db, owner, projectId, ct);
            var batch = CouponBatch.Propose(projectId, draft.FaceValue, draft.Quantity, draft.Price, draft.ValidDays, draft.ValidUntil,
                draft.MonthlyLimitPerCitizen, Now);
            var before = await ProjectQueries.TotalsAsync(db, projectId, ct);
            if (batch.TotalFaceValue.Value > before.UnallocatedFen)
                throw new DomainException(ErrorCodes.InsufficientRevenue,
                    $"This batch is worth {batch.TotalFaceValue}; only {new Fen(before.UnallocatedFen)} of the project's revenue is not yet allocated.");
            db.CouponBatches.Add(batch);
            await db.SaveChangesAsync(ct);
            audit.Record(owner, "batch.fund", nameof(CouponBatch), batch.Id.ToString(), null, draft);
            await db.SaveChangesAsync(ct);
            return batch.Id;
        }, ct);

    public Task SubmitAsync(Actor owner, long batchId, CancellationToken ct = default) =>
        db.InWriteTransactionAsync(async () =>
        {
            var batch = await FindAsync(batchId, ct);
            await ProjectQueries.RequireOwnAsync(db, owner, batch.ProjectId, ct);
            var before = batch.Status;
            batch.Submit(Now);
            audit.Record(owner, "batch.submit", nameof(CouponBatch), batchId.ToString(), new { Status = before }, new { batch.Status });
            await db.SaveChangesAsync(ct);
        }, ct);

    /// <summary>The batches a mall administrator reviews: every one sent to the mall, submitted ones first.</summary>
    public async Task<IReadOnlyList<BatchReviewView>> ListForReviewAsync(Actor admin, BatchStatus? status = null, CancellationToken ct = default)
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
                    item == null ? null : item.Id, item == null ? null : BilingualText.Of(item.Title.Zh, item.Title.En), item == null ? null : item.StockLeft))
            .Take(500)
            .ToListAsync(ct);
    }

    /// <summary>A mall administrator puts a submitted batch on the shelf, on the terms its project owner set. Returns the item's id.</summary>
    public async Task<long> ListAsync(Actor admin, long batchId, ListingDraft listing, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return await db.InWriteTransactionAsync(async () =>
        {
            var batch = await FindAsync(batchId, ct);
            batch.MarkListed(Now);
            var item = MallItem.List(batch.Id, batch.Terms, listing.Title, listing.Description, listing.ImageUrl, Now);
            db.MallItems.Add(item);
            await db.SaveChangesAsync(ct);
            audit.Record(admin, "batch.list", nameof(CouponBatch), batchId.ToString(), new { Status = BatchStatus.Submitted },
                new { batch.Status, ItemId = item.Id, TitleZh = item.Title.Zh, TitleEn = item.Title.En, DescriptionZh = item.Description.Zh,
                    DescriptionEn = item.Description.En, listing.ImageUrl, item.StockLeft });
            await db.SaveChangesAsync(ct);
            return item.Id;
        }, ct);
    }

    public async Task RejectAsync(Actor admin, long batchId, string reason, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var batch = await FindAsync(batchId, ct);
            batch.Reject(reason, Now);
            audit.Record(admin, "batch.reject", nameof(CouponBatch), batchId.ToString(), new { Status = BatchStatus.Submitted },
                new { batch.Status, batch.RejectionReason });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>
    /// Takes an item off the shelf; coupons already redeemed stay valid. The unsold coupons' face value stays with the
    /// batch (it is not returned to the project's unallocated revenue), so the batch can be listed again.
    /// </summary>
    public async Task DelistAsync(Actor admin, long itemId, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var item = await db.MallItems.SingleOrDefaultAsync(i => i.Id == itemId, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, "There is no such item.");
            if (item.Status != MallItemStatus.Listed) throw new DomainException(ErrorCodes.InvalidState, "This item is not on the shelf.");
            var batch = await FindAsync(item.BatchId, ct);
            item.Delist();
            batch.MarkDelisted();
            audit.Record(admin, "item.delist", nameof(MallItem), itemId.ToString(), new { Status = MallItemStatus.Listed, item.StockLeft },
                new { item.Status, item.StockLeft });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    /// <summary>Puts a delisted item back on the shelf with the stock it left with, on the terms it was funded on.</summary>
    public async Task RelistAsync(Actor admin, long itemId, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var item = await db.MallItems.SingleOrDefaultAsync(i => i.Id == itemId, ct)
                ?? throw new DomainException(ErrorCodes.NotFound, "There is no such item.");
            var batch = await FindAsync(item.BatchId, ct);
            item.Relist(Now);
            batch.MarkRelisted();
            audit.Record(admin, "item.relist", nameof(MallItem), itemId.ToString(), new { Status = MallItemStatus.Delisted, item.StockLeft },
                new { item.Status, item.StockLeft });
            await db.SaveChangesAsync(ct);
        }, ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<CouponBatch> FindAsync(long batchId, CancellationToken ct) =>
        await db.CouponBatches.SingleOrDefaultAsync(b => b.Id == batchId, ct)
        ?? throw new DomainException(ErrorCodes.NotFound, "There is no such batch.");
}
