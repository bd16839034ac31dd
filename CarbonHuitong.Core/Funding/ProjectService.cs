using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Core.Funding;

public sealed record ProjectDraft(string Name, string Methodology, string Scenario, DateOnly CreditingPeriodStart, DateOnly CreditingPeriodEnd);

public sealed record IssuanceDraft(long Tonnes, int Vintage, string SerialNumbers, DateOnly IssuedOn);

public sealed record SaleDraft(long Tonnes, Fen PricePerTonne, string Buyer, DateOnly SoldOn);

/// <summary>
/// What a project owner does with a project: register it, and record its verified issuances and carbon-market sales,
/// whose revenue funds coupon batches (<see cref="CouponBatchService"/>). An owner only ever reaches their own organization's projects; every change is audited
/// in the same transaction.
/// </summary>
public sealed class ProjectService(CarbonDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<long> RegisterAsync(Actor owner, ProjectDraft draft, CancellationToken ct = default)
    {
        var organization = owner.RequireOrganization();
        var project = EmissionProject.Register(draft.Name, organization, draft.Methodology, draft.Scenario,
            draft.CreditingPeriodStart, draft.CreditingPeriodEnd, Now);
        return await db.InWriteTransactionAsync(async () =>
        {
            await AddAsync(project, ct);
            return await AuditedAsync(owner, "project.register", project.Id, null, draft, project.Id, ct);
        }, ct);
    }

    public async Task<long> RecordIssuanceAsync(Actor owner, long projectId, IssuanceDraft draft, CancellationToken ct = default) =>
        await db.InWriteTransactionAsync(async () =>
        {
            await ProjectQueries.RequireOwnAsync(db, owner, projectId, ct);
            var issuance = ReductionIssuance.Record(projectId, draft.Tonnes, draft.Vintage, draft.SerialNumbers, draft.IssuedOn, Now);
            await AddAsync(issuance, ct);
            return await AuditedAsync(owner, "project.issuance", projectId, null, draft, issuance.Id, ct);
        }, ct);

    /// <summary>Refused with <c>oversold_tonnes</c> when it would sell more than was issued and is still unsold.</summary>
    public async Task<long> RecordSaleAsync(Actor owner, long projectId, SaleDraft draft, CancellationToken ct = default) =>
        await db.InWriteTransactionAsync(async () =>
        {
            await ProjectQueries.RequireOwnAsync(db, owner, projectId, ct);
            var sale = CarbonSale.Record(projectId, draft.Tonnes, draft.PricePerTonne, draft.Buyer, draft.SoldOn, Now);
            var before = await ProjectQueries.TotalsAsync(db, projectId, ct);
            if (draft.Tonnes > before.TonnesIssued - before.TonnesSold)
                throw new DomainException(ErrorCodes.OversoldTonnes,
                    $"Only {before.TonnesIssued - before.TonnesSold:#,0} t are issued and unsold; {draft.Tonnes:#,0} t cannot be sold.");
            await AddAsync(sale, ct);
            return await AuditedAsync(owner, "project.sale", projectId, before, await ProjectQueries.TotalsAsync(db, projectId, ct), sale.Id, ct);
        }, ct);

    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(Actor owner, CancellationToken ct = default)
    {
        var organization = owner.RequireOrganization();
        return await ProjectQueries.Summaries(db, db.EmissionProjects.Where(p => p.Organization == organization)).ToListAsync(ct);
    }

    public async Task<ProjectDetail> GetAsync(Actor owner, long projectId, CancellationToken ct = default)
    {
        await ProjectQueries.RequireOwnAsync(db, owner, projectId, ct);
        var summary = await ProjectQueries.Summaries(db, db.EmissionProjects.Where(p => p.Id == projectId)).SingleAsync(ct);
        var issuances = await db.ReductionIssuances.AsNoTracking().Where(i => i.ProjectId == projectId).OrderByDescending(i => i.IssuedOn).ToListAsync(ct);
        var sales = await db.CarbonSales.AsNoTracking().Where(s => s.ProjectId == projectId).OrderByDescending(s => s.SoldOn).ToListAsync(ct);
        var batches = await db.CouponBatches.AsNoTracking().Where(b => b.ProjectId == projectId).OrderByDescending(b => b.Id).ToListAsync(ct);
        return new ProjectDetail(summary, issuances, sales, batches);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Saves a new row first, so the audit entry can name the id it was given.</summary>
    private async Task AddAsync<T>(T row, CancellationToken ct) where T : class
    {
        db.Add(row);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Writes the project's audit entry in the same transaction, and answers the new row's id.</summary>
    private async Task<long> AuditedAsync(Actor owner, string action, long projectId, object? before, object? after, long newId, CancellationToken ct)
    {
        audit.Record(owner, action, nameof(EmissionProject), projectId.ToString(), before, after);
        await db.SaveChangesAsync(ct);
        return newId;
    }
}

public sealed record ProjectTotals(long TonnesIssued, long TonnesSold, long RevenueFen, long AllocatedFen, long UnallocatedFen);

public sealed record ProjectSummary(
    long Id, string Name, string Organization, string Methodology, string Scenario, DateOnly CreditingPeriodStart, DateOnly CreditingPeriodEnd,
    long TonnesIssued, long TonnesSold, long RevenueFen, long AllocatedFen)
{
    public long UnallocatedFen => RevenueFen - AllocatedFen;
}

public sealed record ProjectDetail(ProjectSummary Summary, IReadOnlyList<ReductionIssuance> Issuances, IReadOnlyList<CarbonSale> Sales,
    IReadOnlyList<CouponBatch> Batches);

public static class ProjectQueries
{
    /// <summary>Each project with its totals, summed in the database by correlated subqueries.</summary>
    public static IQueryable<ProjectSummary> Summaries(CarbonDbContext db, IQueryable<EmissionProject> projects) =>
        projects.OrderBy(p => p.Name).Select(p => new ProjectSummary(p.Id, p.Name, p.Organization, p.Methodology, p.Scenario,
            p.CreditingPeriodStart, p.CreditingPeriodEnd,
            db.ReductionIssuances.Where(i => i.ProjectId == p.Id).Sum(i => (long?)i.Tonnes) ?? 0,
            db.CarbonSales.Where(s => s.ProjectId == p.Id).Sum(s => (long?)s.Tonnes) ?? 0,
            db.CarbonSales.Where(s => s.ProjectId == p.Id).Sum(s => (long?)s.RevenueFen) ?? 0,
            db.CouponBatches.Where(b => b.ProjectId == p.Id).Where(CouponBatch.HoldsRevenue).Sum(b => (long?)(b.FaceValueFen * b.Quantity)) ?? 0));

    /// <summary>
    /// Another organization's project is not found, rather than forbidden, so its existence is not revealed. Inside a
    /// write, the project's row is locked on PostgreSQL for the rest of the transaction, so two sales or two batches
    /// of one project are checked against its tonnes and revenue one after the other (SQLite writes one at a time anyway).
    /// </summary>
    internal static async Task RequireOwnAsync(CarbonDbContext db, Actor owner, long projectId, CancellationToken ct)
    {
        var organization = owner.RequireOrganization();
        var found = db.Database.CurrentTransaction is not null && !db.Database.IsSqlite()
            ? (await db.Database.SqlQuery<long>($"""
                SELECT "Id" AS "Value" FROM "EmissionProjects" WHERE "Id" = {projectId} AND "Organization" = {organization} FOR UPDATE
                """).ToListAsync(ct)).Count > 0
            : await db.EmissionProjects.AnyAsync(p => p.Id == projectId && p.Organization == organization, ct);
        if (!found) throw new DomainException(ErrorCodes.NotFound, "There is no such project in your organization.");
    }

    internal static Task<ProjectTotals> TotalsAsync(CarbonDbContext db, long projectId, CancellationToken ct) =>
        Summaries(db, db.EmissionProjects.Where(p => p.Id == projectId))
            .Select(s => new ProjectTotals(s.TonnesIssued, s.TonnesSold, s.RevenueFen, s.AllocatedFen, s.RevenueFen - s.AllocatedFen))
            .SingleAsync(ct);
}
