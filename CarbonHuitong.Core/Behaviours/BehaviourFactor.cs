
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Behaviours;

/// <summary>
/// A change to a behaviour's factors that takes effect from a China date. Earns on or after that date use it;
/// entries already earned keep the factors they were recorded with.
/// </summary>
public sealed class BehaviourFactor
{
    public const decimal MaxGramsPerUnit = 1_000_000m;
    public const decimal MaxCreditsPerUnit = 10_000m;
    public const int MaxSourceLength = GreenBehaviour.MaxSourceLength;

    private BehaviourFactor() { }

    public long Id { get; private set; }
    public string BehaviourCode { get; private set; } = "";
    public DateOnly EffectiveFrom { get; private set; }
    public long MilligramsPerUnit { get; private set; }
    public long CreditHundredthsPerUnit { get; private set; }
    /// <summary>The published source of the new figures, in Chinese and English.</summary>
    public BilingualText Source { get; private set; } = BilingualText.Empty;
    public DateTime ScheduledAt { get; private set; }

    internal static BehaviourFactor Schedule(string behaviourCode, DateOnly effectiveFrom, decimal gramsPerUnit, decimal? creditsPerUnit,
        BilingualText source, DateTime nowUtc)
    {
        if (gramsPerUnit is <= 0 or > MaxGramsPerUnit)
            throw new DomainException(ErrorCodes.BadRequest, $"Grams per unit must be more than 0 and at most {MaxGramsPerUnit:#,0}.");
        if (decimal.Round(gramsPerUnit, 3) != gramsPerUnit) throw new DomainException(ErrorCodes.BadRequest, "Grams per unit have at most three decimals.");
        if (creditsPerUnit is <= 0 or > MaxCreditsPerUnit)
            throw new DomainException(ErrorCodes.InvalidAmount, $"Credits per unit must be more than 0 and at most {MaxCreditsPerUnit:#,0}.");
        var publishedSource = BilingualText.Require(source.Zh, source.En, "published source of the new factor", MaxSourceLength);
        var credits = creditsPerUnit is { } published ? Credits.FromDecimal(published) : Methodology.CreditsForReduction(gramsPerUnit);
        return new BehaviourFactor
        {
            BehaviourCode = behaviourCode,
            EffectiveFrom = effectiveFrom,
            MilligramsPerUnit = CarbonMass.FromGrams(gramsPerUnit).Milligrams,
            CreditHundredthsPerUnit = credits.Hundredths,
            Source = publishedSource,
            ScheduledAt = nowUtc,
        };
    }
}

public static class BehaviourFactorQueries
{
    /// <summary>A behaviour with the factor in effect on a China date applied: what an earn that day gets; null for an unknown code.</summary>
    internal static async Task<GreenBehaviour?> BehaviourOnAsync(this CarbonDbContext db, string code, DateOnly day, CancellationToken ct = default)
    {
        var behaviour = await db.GreenBehaviours.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, ct);
        if (behaviour is null) return null;
        var factor = await db.BehaviourFactors.InEffectOnAsync(code, day, ct);
        return factor is null ? behaviour : behaviour.With(factor);
    }

    /// <summary>The factor in effect for a behaviour on a China date: the latest to take effect, the latest scheduled if two share a date.</summary>
    public static Task<BehaviourFactor?> InEffectOnAsync(this IQueryable<BehaviourFactor> factors, string behaviourCode, DateOnly day,
        CancellationToken ct = default) =>
        factors.AsNoTracking()
            .Where(f => f.BehaviourCode == behaviourCode && f.EffectiveFrom <= day)
            .OrderByDescending(f => f.EffectiveFrom).ThenByDescending(f => f.Id)
            .FirstOrDefaultAsync(ct);
}
