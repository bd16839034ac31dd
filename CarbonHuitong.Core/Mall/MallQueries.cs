using System.Linq.Expressions;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Mall;

public sealed record MallItemView(
    long Id, CouponKind Kind, BilingualText Title, BilingualText Description, Credits Price, Fen FaceValue, int StockLeft,
    int? ValidDays, DateTime? ValidUntil, int? MonthlyLimitPerCitizen, string? ImageUrl = null)
{
    public bool SoldOut => StockLeft <= 0;

    /// <summary>How many more credits a balance needs for this item; zero when it is affordable.</summary>
    public Credits ShortfallFor(Credits balance) => balance >= Price ? Credits.Zero : Price - balance;
}

public sealed record CouponView(
    long Id, string Code, CouponKind Kind, BilingualText Title, Fen FaceValue, CouponStatus Status,
    DateTime IssuedAt, DateTime ExpiresAt, DateTime? UsedAt, string? UsedLineId, string? UsedVehicleId)
{
    public static CouponView From(Coupon coupon, DateTime nowUtc) => new(coupon.Id, coupon.Code, coupon.Kind, coupon.Title,
        coupon.FaceValue, coupon.StatusAt(nowUtc), coupon.IssuedAt, coupon.ExpiresAt, coupon.UsedAt, coupon.UsedLineId, coupon.UsedVehicleId);
}

/// <summary>How many coupons each wallet tab holds. A voided coupon (a closed account's) is in none.</summary>
public sealed record WalletCounts(int Unused, int Used, int Expired)
{
    public int Total => Unused + Used + Expired;

    public int Of(CouponStatus tab) => tab switch
    {
        CouponStatus.Unused => Unused,
        CouponStatus.Used => Used,
        CouponStatus.Expired => Expired,
        _ => 0,
    };
}

/// <summary>
/// One coupon with where it came from (the shelf item, the batch that funded it and the batch's emission-reduction
/// project) and what it cost. Where it was used (line, vehicle, time) is on <see cref="Coupon"/>.
/// </summary>
public sealed record CouponDetail(
    CouponView Coupon, Credits Price, long ItemId, BilingualText ItemTitle, long BatchId, string ProjectName, string ProjectOrganization);

/// <summary>The shelf and the wallet, read with their ordering and counting done in the database.</summary>
public sealed class MallQueries(CarbonDbContext db, TimeProvider clock)
{
    public const int MaxWalletPage = 200;

    public async Task<IReadOnlyList<MallItemView>> GetShelfAsync(CancellationToken ct = default)
    {
        var now = Now;
        return await db.MallItems.AsNoTracking()
            .Where(MallItem.RedeemableAt(now))
            .OrderBy(i => i.PriceHundredths).ThenBy(i => i.Id)
            .Select(i => new MallItemView(i.Id, i.Kind, i.Title, i.Description, new Credits(i.PriceHundredths), new Fen(i.FaceValueFen),
                i.StockLeft, i.ValidDays, i.ValidUntil, i.MonthlyLimitPerCitizen, i.ImageUrl))
            .ToListAsync(ct);
    }

    /// <summary>Unused first (soonest expiry first), then Used (latest first), then Expired (latest first).</summary>
    public async Task<IReadOnlyList<CouponView>> GetWalletAsync(long accountId, int take = MaxWalletPage, CancellationToken ct = default)
    {
        var now = Now;
        var coupons = await db.Coupons.AsNoTracking()
            .Where(c => c.AccountId == accountId)
            .InWalletOrder(now)
            .Take(Math.Clamp(take, 1, MaxWalletPage))
            .ToListAsync(ct);
        return coupons.Select(c => CouponView.From(c, now)).ToList();
    }

    /// <summary>One wallet tab (Unused, Used or Expired), in the order <see cref="GetWalletPageAsync"/> gives, at most <paramref name="take"/> coupons.</summary>
    public async Task<IReadOnlyList<CouponView>> GetWalletAsync(long accountId, CouponStatus tab, int take = MaxWalletPage, CancellationToken ct = default)
    {
        var now = Now;
        var coupons = await InTabOrder(InTab(db.Coupons.AsNoTracking().Where(c => c.AccountId == accountId), tab, now), tab)
            .Take(Math.Clamp(take, 1, MaxWalletPage))
            .ToListAsync(ct);
        return coupons.Select(c => CouponView.From(c, now)).ToList();
    }

    /// <summary>
    /// One page of a wallet tab, counted and paged in the database: Unused soonest expiry first, Used latest use first,
    /// Expired latest expiry first.
    /// </summary>
    public async Task<Page<CouponView>> GetWalletPageAsync(long accountId, CouponStatus tab, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        var request = new PageRequest(pageNumber, pageSize);
        var now = Now;
        var page = await InTab(db.Coupons.AsNoTracking().Where(c => c.AccountId == accountId), tab, now)
            .ToPageAsync(request, rows => InTabOrder(rows, tab), ct);
        return new Page<CouponView>(page.Items.Select(c => CouponView.From(c, now)).ToList(), page.TotalCount, page.PageNumber, page.PageSize);
    }

    /// <summary>The count on each wallet tab, in one grouped query.</summary>
    public async Task<WalletCounts> CountWalletAsync(long accountId, CancellationToken ct = default)
    {
        var counts = await db.Coupons.AsNoTracking()
            .Where(c => c.AccountId == accountId)
            .GroupBy(TabAt(Now))
            .Select(g => new { Tab = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        int Of(CouponStatus tab) => counts.Where(c => c.Tab == tab).Sum(c => c.Count);
        return new WalletCounts(Of(CouponStatus.Unused), Of(CouponStatus.Used), Of(CouponStatus.Expired));
    }

    /// <summary>
    /// A coupon of this account's with its origin and price, in one query over the coupon, its item, batch, project and
    /// the Spend that paid for it; someone else's coupon is not found.
    /// </summary>
    public async Task<CouponDetail?> FindCouponDetailAsync(long accountId, long couponId, CancellationToken ct = default)
    {
        var found = await (
                from c in db.Coupons.AsNoTracking()
                where c.Id == couponId && c.AccountId == accountId
                join i in db.MallItems on c.MallItemId equals i.Id
                join b in db.CouponBatches on i.BatchId equals b.Id
                join p in db.EmissionProjects on b.ProjectId equals p.Id
                join spend in db.LedgerEntries on c.SpendEntryId equals spend.Id
                select new { Coupon = c, ItemTitle = i.Title, BatchId = b.Id, ProjectName = p.Name, p.Organization, Paid = -spend.CreditHundredths })
            .SingleOrDefaultAsync(ct);
        return found is null ? null
            : new CouponDetail(CouponView.From(found.Coupon, Now), new Credits(found.Paid), found.Coupon.MallItemId, found.ItemTitle, found.BatchId,
                found.ProjectName, found.Organization);
    }

    /// <summary>
    /// What a page of this account's Spends bought, by coupon code (a Spend's reference): the item's title in both
    /// languages as it was at redemption, in one query. Codes of other accounts' coupons are not found.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, BilingualText>> GetCouponTitlesAsync(long accountId, IReadOnlyCollection<string> codes,
        CancellationToken ct = default)
    {
        if (codes.Count == 0) return new Dictionary<string, BilingualText>();
        var titles = await db.Coupons.AsNoTracking().Where(c => c.AccountId == accountId && codes.Contains(c.Code))
            .Select(c => new { c.Code, c.Title.Zh, c.Title.En }).ToListAsync(ct);
        return titles.ToDictionary(t => t.Code, t => BilingualText.Of(t.Zh, t.En));
    }

    /// <summary>A coupon of this account's; someone else's coupon is not found.</summary>
    public async Task<CouponView?> FindCouponAsync(long accountId, long couponId, CancellationToken ct = default)
    {
        var coupon = await db.Coupons.AsNoTracking().SingleOrDefaultAsync(c => c.Id == couponId && c.AccountId == accountId, ct);
        return coupon is null ? null : CouponView.From(coupon, Now);
    }

    public Task<int> CountUnusedAsync(long accountId, CouponKind kind, CancellationToken ct = default)
    {
        var now = Now;
        return db.Coupons.Where(c => c.AccountId == accountId && c.Kind == kind).Where(CouponRules.UsableAt(now)).CountAsync(ct);
    }

    /// <summary>What the next ride will do: the coupon it will use (if any) and how many usable bus coupons there are.</summary>
    public async Task<NextRideCoupon> GetNextRideCouponAsync(long accountId, CancellationToken ct = default)
    {
        var usable = db.Coupons.AsNoTracking().UsableAtRide(accountId, Now);
        var next = await usable.Select(c => (long?)c.FaceValueFen).FirstOrDefaultAsync(ct);
        return new NextRideCoupon(next is { } fen ? new Fen(fen) : null, next is null ? 0 : await usable.CountAsync(ct));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static IQueryable<Coupon> InTab(IQueryable<Coupon> coupons, CouponStatus tab, DateTime now) => tab switch
    {
        CouponStatus.Unused => coupons.Where(CouponRules.UsableAt(now)),
        CouponStatus.Used => coupons.Where(c => c.Status == CouponStatus.Used),
        CouponStatus.Expired => coupons.Where(CouponRules.ExpiredAt(now)),
        _ => throw new DomainException(ErrorCodes.BadRequest, "A wallet tab is unused, used or expired."),
    };

    private static IQueryable<Coupon> InTabOrder(IQueryable<Coupon> coupons, CouponStatus tab) => tab switch
    {
        CouponStatus.Unused => coupons.OrderBy(c => c.ExpiresAt).ThenBy(c => c.Id),
        CouponStatus.Used => coupons.OrderByDescending(c => c.UsedAt).ThenByDescending(c => c.Id),
        _ => coupons.OrderByDescending(c => c.ExpiresAt).ThenByDescending(c => c.Id),
    };

    /// <summary>
    /// The tab a coupon is in, for the database to group by: usable → Unused, expired by <see cref="CouponRules"/> →
    /// Expired, otherwise its stored status (Used, or Voided, which no tab counts).
    /// </summary>
    private static Expression<Func<Coupon, CouponStatus>> TabAt(DateTime now)
    {
        var usable = CouponRules.UsableAt(now);
        var expired = CouponRules.ExpiredAt(now);
        var coupon = usable.Parameters[0];
        var expiredOfCoupon = new SwapParameter(expired.Parameters[0], coupon).Visit(expired.Body);
        var body = Expression.Condition(usable.Body, Expression.Constant(CouponStatus.Unused),
            Expression.Condition(expiredOfCoupon, Expression.Constant(CouponStatus.Expired), Expression.Property(coupon, nameof(Coupon.Status))));
        return Expression.Lambda<Func<Coupon, CouponStatus>>(body, coupon);
    }

    private sealed class SwapParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <param name="FaceValue">The coupon the next ride will use, or null when it pays the full fare.</param>
public sealed record NextRideCoupon(Fen? FaceValue, int UsableCount);
