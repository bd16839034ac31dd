using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours;

public sealed record FactorDraft(string BehaviourCode, DateOnly EffectiveFrom, decimal GramsPerUnit, decimal? CreditsPerUnit, BilingualText Source);

public sealed record ScheduledFactorView(long Id, string BehaviourCode, DateOnly EffectiveFrom, CarbonMass ReductionPerUnit, Credits CreditsPerUnit, BilingualText Source);

/// <summary>Changes to the methodology, which take effect from a date and never rewrite what was already earned.</summary>
public sealed class MethodologyService(CarbonDbContext db, AuditLog audit, TimeProvider clock, ReferenceDataCache referenceData)
{
    public async Task<long> ScheduleAsync(Actor admin, FactorDraft draft, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var today = PlatformTime.ChinaToday(clock);
        if (draft.EffectiveFrom < today)
            throw new DomainException(ErrorCodes.BadRequest, "A new factor takes effect today or later; the past keeps its factors.");
        var scheduled = await db.InWriteTransactionAsync(async () =>
        {
            var inEffect = await db.BehaviourOnAsync(draft.BehaviourCode, draft.EffectiveFrom, ct)
                ?? throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{draft.BehaviourCode}'.");
            var before = new { GramsPerUnit = inEffect.ReductionPerUnit.Grams, CreditsPerUnit = inEffect.CreditsPerUnit.Value, inEffect.Source };
            var factor = BehaviourFactor.Schedule(draft.BehaviourCode, draft.EffectiveFrom, draft.GramsPerUnit, draft.CreditsPerUnit, draft.Source,
                clock.GetUtcNow().UtcDateTime);
            db.BehaviourFactors.Add(factor);
            await db.SaveChangesAsync(ct);
            audit.Record(admin, "methodology.schedule", nameof(GreenBehaviour), draft.BehaviourCode, before,
                new { factor.EffectiveFrom, GramsPerUnit = new CarbonMass(factor.MilligramsPerUnit).Grams, CreditsPerUnit = new Credits(factor.CreditHundredthsPerUnit).Value, factor.Source });
            await db.SaveChangesAsync(ct);
            return factor.Id;
        }, ct);
        referenceData.Clear();
        return scheduled;
    }

    /// <summary>
    /// Sets a behaviour's daily cap (grams per citizen per China day, every source together) and its same-act window
    /// (minutes within which two sources' reports are one act); null turns either off. Applies to events recorded
    /// from now on; what was credited stays.
    /// </summary>
    public async Task SetRulesAsync(Actor admin, string behaviourCode, decimal? dailyCapGrams, int? duplicateWindowMinutes, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        await db.InWriteTransactionAsync(async () =>
        {
            var behaviour = await db.GreenBehaviours.SingleOrDefaultAsync(b => b.Code == behaviourCode, ct)
                ?? throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{behaviourCode}'.");
            var before = new { DailyCapGrams = behaviour.DailyCap?.Grams, DuplicateWindowMinutes = behaviour.DuplicateWindowSeconds / 60 };
            behaviour.SetRules(dailyCapGrams, duplicateWindowMinutes);
            audit.Record(admin, "methodology.rules", nameof(GreenBehaviour), behaviourCode, before,
                new { DailyCapGrams = behaviour.DailyCap?.Grams, DuplicateWindowMinutes = behaviour.DuplicateWindowSeconds / 60 });
            await db.SaveChangesAsync(ct);
        }, ct);
        referenceData.Clear();
    }

    /// <summary>The published behaviours, in their order, as first defined.</summary>
    public async Task<IReadOnlyList<GreenBehaviour>> ListAsync(CancellationToken ct = default) =>
        await db.GreenBehaviours.AsNoTracking().OrderBy(b => b.SortOrder).ToListAsync(ct);

    /// <summary>Every behaviour with the factors in effect on a China date (today when none is given): what an earn that day gets.</summary>
    public async Task<IReadOnlyList<GreenBehaviour>> InEffectAsync(DateOnly? day = null, CancellationToken ct = default)
    {
        var on = day ?? PlatformTime.ChinaToday(clock);
        var behaviours = await ListAsync(ct);
        var factors = await db.BehaviourFactors.AsNoTracking().Where(f => f.EffectiveFrom <= on).ToListAsync(ct);
        var latest = factors.GroupBy(f => f.BehaviourCode)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.EffectiveFrom).ThenByDescending(f => f.Id).First());
        return behaviours.Select(b => latest.TryGetValue(b.Code, out var factor) ? b.With(factor) : b).ToList();
    }

    public async Task<IReadOnlyList<ScheduledFactorView>> ListScheduledAsync(CancellationToken ct = default) =>
        await db.BehaviourFactors.AsNoTracking().OrderBy(f => f.BehaviourCode).ThenByDescending(f => f.EffectiveFrom)
            .Select(f => new ScheduledFactorView(f.Id, f.BehaviourCode, f.EffectiveFrom, new CarbonMass(f.MilligramsPerUnit),
                new Credits(f.CreditHundredthsPerUnit), f.Source))
            .ToListAsync(ct);
}
