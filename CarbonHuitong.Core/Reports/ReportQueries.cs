using System.Linq.Expressions;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Funding;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Reports;

/// <param name="Expired">Redeemed coupons that expired unused.</param>
/// <param name="Left">Coupons still on the shelf (or, before listing, the whole batch).</param>
public sealed record BatchReportRow(
    long BatchId, string ProjectName, string Organization, Fen FaceValue, BatchStatus Status, BilingualText? ItemTitle,
    int Funded, int Redeemed, int UsedAtRide, int Expired, int Left)
{
    /// <summary>
    /// Coupons of the batch that no ride used: still on the shelf, in wallets, or expired unused. A coupon that expires
    /// unused counts here again, since its face value was never paid out; the credits it cost are not refunded.
    /// </summary>
    public int NotUsed => Left + Redeemed - UsedAtRide;
}

public sealed record ProjectReportRow(
    long ProjectId, string Name, string Organization, long TonnesIssued, long TonnesSold, Fen Revenue, Fen Allocated, Fen UsedAtRides)
{
    /// <summary>Face value allocated to batches that no ride used: coupons on the shelf, in wallets, or expired unused.</summary>
    public Fen NotUsed => Allocated - UsedAtRides;
}

public sealed record ReductionByPeriod(DateOnly Month, string BehaviourCode, string Category, CarbonMass Reduction, Credits Credits, long Entries);

/// <param name="Expired">Credits the expiry policy took (Expire entries), dated in the month of the period's cutoff.</param>
/// <param name="Reversed">Pending credits partners took back (Reverse entries), which never reached a balance.</param>
public sealed record CreditsLostByMonth(DateOnly Month, Credits Expired, Credits Reversed);

/// <param name="PendingOutstanding">Credits partners reported as pending, not yet confirmed or reversed.</param>
/// <param name="LostByMonth">The months (China time) in which credits expired or were reversed, oldest first.</param>
public sealed record PlatformReport(
    int Citizens, long Rides, Credits CreditsEarned, Credits CreditsSpent, CarbonMass Reduced, IReadOnlyList<ReductionByPeriod> ByMonth,
    Credits PendingOutstanding, IReadOnlyList<CreditsLostByMonth> LostByMonth);

/// <summary>Reports for mall administrators. Every figure is counted or summed in the database.</summary>
public sealed class ReportQueries(CarbonDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<BatchReportRow>> BatchesAsync(Actor admin, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var now = clock.GetUtcNow().UtcDateTime;
        var couponCounts = await db.Coupons.AsNoTracking()
            .GroupBy(c => c.MallItemId)
            .Select(g => new { ItemId = g.Key, Redeemed = g.Count(), Used = g.Count(c => c.Status == CouponStatus.Used) })
            .ToDictionaryAsync(x => x.ItemId, ct);
        var expired = await db.Coupons.AsNoTracking().Where(CouponRules.ExpiredAt(now))
            .GroupBy(c => c.MallItemId).Select(g => new { ItemId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.ItemId, x => x.Count, ct);
        var batches = await (
                from b in db.CouponBatches.AsNoTracking()
                join p in db.EmissionProjects on b.ProjectId equals p.Id
                join i in db.MallItems on b.Id equals i.BatchId into items
                from item in items.DefaultIfEmpty()
                orderby b.Id
                select new { b.Id, p.Name, p.Organization, b.FaceValueFen, b.Status, b.Quantity, ItemId = (long?)item.Id, TitleZh = item.Title.Zh, TitleEn = item.Title.En, Stock = (int?)item.StockLeft })
            .ToListAsync(ct);
        return batches.Select(b =>
        {
            var counts = b.ItemId is { } id && couponCounts.TryGetValue(id, out var c) ? c : null;
            return new BatchReportRow(b.Id, b.Name, b.Organization, new Fen(b.FaceValueFen), b.Status, b.ItemId is null ? null : BilingualText.Of(b.TitleZh, b.TitleEn), b.Quantity,
                counts?.Redeemed ?? 0, counts?.Used ?? 0, b.ItemId is { } item ? expired.GetValueOrDefault(item) : 0, b.Stock ?? (b.Status == BatchStatus.Rejected ? 0 : b.Quantity));
        }).ToList();
    }

    public async Task<IReadOnlyList<ProjectReportRow>> ProjectsAsync(Actor admin, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var usedAtRides = await (
                from r in db.Rides.AsNoTracking()
                where r.CouponId != null
                join c in db.Coupons on r.CouponId equals c.Id
                join i in db.MallItems on c.MallItemId equals i.Id
                join b in db.CouponBatches on i.BatchId equals b.Id
                group r by b.ProjectId into g
                select new { ProjectId = g.Key, Fen = g.Sum(r => r.CouponFaceValueFen) })
            .ToDictionaryAsync(x => x.ProjectId, x => x.Fen, ct);
        var projects = await ProjectQueries.Summaries(db, db.EmissionProjects.AsNoTracking()).ToListAsync(ct);
        return projects.Select(p => new ProjectReportRow(p.Id, p.Name, p.Organization, p.TonnesIssued, p.TonnesSold, new Fen(p.RevenueFen),
            new Fen(p.AllocatedFen), new Fen(usedAtRides.GetValueOrDefault(p.Id)))).ToList();
    }

    /// <param name="months">How many months back, this one included.</param>
    public async Task<PlatformReport> PlatformAsync(Actor admin, int months = 12, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var citizenRole = await db.Roles.Where(r => r.Name == Roles.Citizen).Select(r => r.Id).SingleAsync(ct);
        var citizens = await db.UserRoles.CountAsync(ur => ur.RoleId == citizenRole, ct);
        var rides = await db.Rides.LongCountAsync(ct);
        var totals = await db.CarbonAccounts.GroupBy(_ => 1)
            .Select(g => new
            {
                Earned = g.Sum(a => a.EarnedHundredths), Spent = g.Sum(a => a.SpentHundredths), Reduced = g.Sum(a => a.ReducedMilligrams),
                Pending = g.Sum(a => a.PendingHundredths),
            })
            .SingleOrDefaultAsync(ct);

        var from = FirstMonth(months);
        var byMonth = await db.DailyReductions.AsNoTracking()
            .Where(d => d.Day >= from)
            .GroupBy(d => new { d.Day.Year, d.Day.Month, d.BehaviourCode, d.Category })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.BehaviourCode, g.Key.Category,
                Milligrams = g.Sum(d => d.Milligrams), Credits = g.Sum(d => d.CreditHundredths), Entries = g.Sum(d => d.Entries) })
            .ToListAsync(ct);
        return new PlatformReport(citizens, rides, new Credits(totals?.Earned ?? 0), new Credits(totals?.Spent ?? 0), new CarbonMass(totals?.Reduced ?? 0),
            byMonth.OrderBy(m => m.Year).ThenBy(m => m.Month).ThenBy(m => m.BehaviourCode)
                .Select(m => new ReductionByPeriod(new DateOnly(m.Year, m.Month, 1), m.BehaviourCode, m.Category, new CarbonMass(m.Milligrams),
                    new Credits(m.Credits), m.Entries))
                .ToList(),
            new Credits(totals?.Pending ?? 0), await LostByMonthAsync(from, ct));
    }

    /// <summary>Credits expired and reversed per China month, the months with any, oldest first.</summary>
    /// <param name="months">How many months back, this one included.</param>
    public Task<IReadOnlyList<CreditsLostByMonth>> CreditsLostAsync(Actor admin, int months = 12, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        return LostByMonthAsync(FirstMonth(months), ct);
    }

    private DateOnly FirstMonth(int months)
    {
        var today = PlatformTime.ChinaToday(clock);
        return new DateOnly(today.Year, today.Month, 1).AddMonths(-(Math.Clamp(months, 1, 120) - 1));
    }

    /// <summary>
    /// Credits expired and reversed per China month from <paramref name="from"/> on, summed in the database over the
    /// ledger's (Kind, OccurredAt) index. A Reverse moves no balance (its credits were pending), so its amount is the
    /// pending credits it took back.
    /// </summary>
    private async Task<IReadOnlyList<CreditsLostByMonth>> LostByMonthAsync(DateOnly from, CancellationToken ct)
    {
        var fromUtc = PlatformTime.ChinaDateToUtc(from);
        var sums = await db.LedgerEntries.AsNoTracking()
            .Where(e => (e.Kind == LedgerEntryKind.Expire || e.Kind == LedgerEntryKind.Reverse) && e.OccurredAt >= fromUtc)
            .GroupBy(ChinaMonthOf)
            .Select(g => new
            {
                MonthNumber = g.Key,
                Expired = g.Sum(e => e.Kind == LedgerEntryKind.Expire ? -e.CreditHundredths : 0),
                Reversed = g.Sum(e => e.Kind == LedgerEntryKind.Reverse ? -e.PendingHundredths : 0),
            })
            .ToListAsync(ct);
        return sums.OrderBy(m => m.MonthNumber)
            .Select(m => new CreditsLostByMonth(new DateOnly(m.MonthNumber / 12, m.MonthNumber % 12 + 1, 1), new Credits(m.Expired), new Credits(m.Reversed)))
            .ToList();
    }

    // Midnight in China (UTC+8) is 16:00 UTC.
    private const int ChinaMidnightUtcHour = 24 - 8;

    /// <summary>
    /// An entry's China month as year × 12 + month − 1, from the UTC instant's own fields: its UTC month, or the next one
    /// from 16:00 UTC (midnight in China) on the month's last day. No date arithmetic in SQL, because SQLite rounds a
    /// shifted instant to the millisecond, and an expiry dated a tick before midnight on 31 December would land in January.
    /// </summary>
    private static readonly Expression<Func<LedgerEntry, int>> ChinaMonthOf = e =>
        e.OccurredAt.Year * 12 + e.OccurredAt.Month - 1
        + (e.OccurredAt.Hour >= ChinaMidnightUtcHour && e.OccurredAt.Day == (e.OccurredAt.Month == 2
                ? (e.OccurredAt.Year % 4 == 0 && (e.OccurredAt.Year % 100 != 0 || e.OccurredAt.Year % 400 == 0) ? 29 : 28)
                : e.OccurredAt.Month == 4 || e.OccurredAt.Month == 6 || e.OccurredAt.Month == 9 || e.OccurredAt.Month == 11 ? 30 : 31)
            ? 1 : 0);
}
