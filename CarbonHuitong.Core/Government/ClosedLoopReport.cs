using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The closed loop in figures (issue 17): for each emission-reduction project and each of its coupon batches, tonnes
/// issued and sold, revenue, the coupons it funded and what became of them, and the citizens' reductions they reward.
/// Regulators and mall administrators see every project; a project owner sees their own organization's. Five grouped
/// queries, whatever the number of projects, coupons or rides; the ledger is only reached by primary key, from each
/// coupon-paid ride to its earn.
/// </summary>
public sealed class ClosedLoopReport(CarbonDbContext db, TimeProvider clock)
{
    public async Task<ClosedLoop> ReadAsync(Actor actor, CancellationToken ct = default)
    {
        var projects = ProjectsFor(actor);
        var now = clock.GetUtcNow().UtcDateTime;
        var rate = await RateAsync(ct);

        var summaries = await ProjectQueries.Summaries(db, projects.AsNoTracking()).ToListAsync(ct);
        var batches = db.CouponBatches.AsNoTracking().Where(CouponBatch.HoldsRevenue).Where(b => projects.Any(p => p.Id == b.ProjectId));
        var batchRows = await batches.OrderBy(b => b.Id)
            .Select(b => new { b.Id, b.ProjectId, b.FaceValueFen, b.PriceHundredths, b.Quantity, b.Status })
            .ToListAsync(ct);
        var couponCounts = await (
                from c in db.Coupons.AsNoTracking()
                join i in db.MallItems on c.MallItemId equals i.Id
                join b in batches on i.BatchId equals b.Id
                group c by b.Id into g
                select new
                {
                    BatchId = g.Key,
                    Redeemed = g.Count(),
                    Used = g.Count(c => c.Status == CouponStatus.Used),
                    Expired = g.Count(c => c.Status == CouponStatus.Unused && c.ExpiresAt <= now),
                })
            .ToDictionaryAsync(x => x.BatchId, ct);
        var rideReductions = await (
                from r in db.Rides.AsNoTracking()
                where r.CouponId != null
                join c in db.Coupons on r.CouponId equals c.Id
                join i in db.MallItems on c.MallItemId equals i.Id
                join b in batches on i.BatchId equals b.Id
                join e in db.LedgerEntries on r.EarnEntryId equals e.Id
                group e.Milligrams by b.Id into g
                select new { BatchId = g.Key, Milligrams = g.Sum() })
            .ToDictionaryAsync(x => x.BatchId, x => x.Milligrams, ct);

        var batchesByProject = batchRows
            .Select(b =>
            {
                var counts = couponCounts.GetValueOrDefault(b.Id);
                var price = new Credits(b.PriceHundredths);
                var coupons = new ClosedLoopCoupons(b.Quantity, new Fen(b.FaceValueFen * b.Quantity), new Credits(b.PriceHundredths * b.Quantity),
                    counts?.Redeemed ?? 0, counts?.Used ?? 0, counts?.Expired ?? 0, new Credits(b.PriceHundredths * (counts?.Redeemed ?? 0)),
                    new CarbonMass(rideReductions.GetValueOrDefault(b.Id)));
                return (b.ProjectId, Batch: new ClosedLoopBatch(b.Id, new Fen(b.FaceValueFen), price, b.Status, coupons, ClosedLoopRewards.Of(coupons, rate)));
            })
            .ToLookup(b => b.ProjectId, b => b.Batch);

        var rows = summaries.Select(p =>
        {
            var projectBatches = batchesByProject[p.Id].ToList();
            var coupons = ClosedLoopCoupons.Sum(projectBatches.Select(b => b.Coupons));
            var revenue = new Fen(p.RevenueFen);
            return new ClosedLoopProject(p.Id, p.Name, p.Organization, p.TonnesIssued, p.TonnesSold, revenue,
                ClosedLoopArithmetic.AveragePricePerTonne(revenue, p.TonnesSold), coupons, ClosedLoopRewards.Of(coupons, rate),
                ClosedLoopArithmetic.TonnesBehindPerTonneSold(coupons.CreditsSpent, p.TonnesSold, rate),
                ClosedLoopArithmetic.TonnesBehindPerTonneSold(coupons.FundedPrice, p.TonnesSold, rate),
                projectBatches);
        }).ToList();
        return new ClosedLoop(rate, now, rows);
    }

    /// <summary>Every project for a regulator or a mall administrator; a project owner's organization's; anyone else is refused.</summary>
    private IQueryable<EmissionProject> ProjectsFor(Actor actor)
    {
        if (actor.IsRegulator || actor.IsMallAdmin) return db.EmissionProjects;
        var organization = actor.RequireOrganization();
        return db.EmissionProjects.Where(p => p.Organization == organization);
    }

    private async Task<ClosedLoopRate> RateAsync(CancellationToken ct)
    {
        var busRide = await db.BehaviourOnAsync(Methodology.BusRide, PlatformTime.ChinaToday(clock), ct)
            ?? throw new InvalidOperationException("The methodology has no bus ride: the database was not initialized.");
        return new ClosedLoopRate(busRide.Code, new CarbonMass(busRide.MilligramsPerUnit), new Credits(busRide.CreditHundredthsPerUnit));
    }
}
