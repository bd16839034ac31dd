using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>A partner as citizens see it: its names, what it reports, and whether this citizen is linked.</summary>
public sealed record PartnerScenario(string Code, string NameZh, string NameEn, IReadOnlyList<string> BehaviourCodes, PartnerLinkView? Link);

/// <summary>One line of a partner's nightly reconciliation.</summary>
public sealed record ReconciliationRow(string EventId, DateTime OccurredAt, PartnerEventStatus Status, string? Code, Credits Credits, CarbonMass Reduction);

/// <summary>Per partner and China day: how many events had an outcome and code, and what the accepted ones earned.</summary>
public sealed record PartnerDayFigure(string PartnerCode, DateOnly Day, PartnerEventStatus Status, string Code, long Events, Credits Credits,
    CarbonMass Reduction);

/// <summary>Partners' names in both languages, for showing a ledger source.</summary>
public sealed record PartnerNames(IReadOnlyDictionary<string, (string Zh, string En)> ByCode);

/// <summary>Reads about partners: for citizens, for the partners themselves and for administrators.</summary>
public sealed class PartnerQueries(CarbonDbContext db, PartnerLinks links, ReferenceDataCache referenceData)
{
    /// <summary>Every active partner with what it reports, and the citizen's link to it (active, or the latest revoked one).</summary>
    public async Task<IReadOnlyList<PartnerScenario>> GetScenariosAsync(long? accountId, CancellationToken ct = default)
    {
        var partners = await db.Partners.AsNoTracking().Include(p => p.Behaviours).Where(p => p.Status == PartnerStatus.Active)
            .OrderBy(p => p.RegisteredAt).ThenBy(p => p.Code).ToListAsync(ct);
        var mine = accountId is { } id ? await links.ListAsync(id, ct) : [];
        var byPartner = mine.GroupBy(l => l.PartnerCode)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.RevokedAt is null ? 0 : 1).ThenByDescending(l => l.LinkedAt).First());
        return partners.Select(p => new PartnerScenario(p.Code, p.Name.Zh, p.Name.En,
                p.Behaviours.Select(b => b.BehaviourCode).Order(StringComparer.Ordinal).ToList(), byPartner.GetValueOrDefault(p.Code)))
            .ToList();
    }

    /// <summary>Every partner's names, suspended ones too (their past entries still show them); cached like other reference data.</summary>
    public async Task<PartnerNames> GetNamesAsync(CancellationToken ct = default) =>
        (await referenceData.GetOrReadAsync(nameof(PartnerNames), async () => new PartnerNames(
            await db.Partners.AsNoTracking().ToDictionaryAsync(p => p.Code, p => (p.Name.Zh, p.Name.En), ct))))!;

    /// <summary>A partner's events whose time falls on a China day, with what the platform answered: its side to check against ours.</summary>
    public async Task<IReadOnlyList<ReconciliationRow>> ReconcileAsync(PartnerIdentity partner, DateOnly day, CancellationToken ct = default) =>
        await db.PartnerEvents.AsNoTracking().Where(e => e.PartnerCode == partner.Code)
            .WithinChinaDates(e => e.OccurredAt, day, day)
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new ReconciliationRow(e.EventId, e.OccurredAt, e.Status, e.Code, new Credits(e.CreditHundredths), new CarbonMass(e.Milligrams)))
            .ToListAsync(ct);

    /// <summary>Per partner and day, outcomes by code, from the feed's own daily counts (never the raw events).</summary>
    public async Task<IReadOnlyList<PartnerDayFigure>> GetDailyFiguresAsync(Actor admin, DateOnly from, DateOnly to, string? partnerCode = null,
        CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var counts = db.PartnerDailyCounts.AsNoTracking().Where(c => c.Day >= from && c.Day <= to);
        if (!string.IsNullOrEmpty(partnerCode)) counts = counts.Where(c => c.PartnerCode == partnerCode);
        return await counts.OrderBy(c => c.Day).ThenBy(c => c.PartnerCode).ThenBy(c => c.Status).ThenBy(c => c.Code)
            .Select(c => new PartnerDayFigure(c.PartnerCode, c.Day, c.Status, c.Code, c.Events, new Credits(c.CreditHundredths),
                new CarbonMass(c.Milligrams)))
            .ToListAsync(ct);
    }
}
