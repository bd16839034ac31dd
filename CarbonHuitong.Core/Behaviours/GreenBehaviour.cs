using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Behaviours;

public enum BehaviourUnit
{
    Ride,
    Kilometre,
    Order,
    Parcel,
    ThousandSteps,
}

/// <summary>One line of the methodology: how much CO2e a unit of a green behaviour avoids, and what it earns.</summary>
public sealed class GreenBehaviour
{
    private GreenBehaviour() { }

    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string NameZh { get; private set; } = "";
    public BehaviourCategory Category { get; private set; }
    public BehaviourUnit Unit { get; private set; }
    public long MilligramsPerUnit { get; private set; }
    public long CreditHundredthsPerUnit { get; private set; }
    public string Source { get; private set; } = "";
    public int SortOrder { get; private set; }

    public CarbonMass ReductionPerUnit => new(MilligramsPerUnit);
    public Credits CreditsPerUnit => new(CreditHundredthsPerUnit);

    /// <summary>Transport behaviours are the citizen's "green trips".</summary>
    public bool IsGreenTrip => Category == BehaviourCategory.Transport;

    /// <summary>What the ledger keeps of this behaviour on an earn.</summary>
    public EarnFactors Factors => new(Code, Category, IsGreenTrip, MilligramsPerUnit, CreditHundredthsPerUnit);

    /// <summary>This behaviour with a scheduled factor applied: what an earn on or after its date uses.</summary>
    internal GreenBehaviour With(BehaviourFactor factor) => new()
    {
        Code = Code, Name = Name, NameZh = NameZh, Category = Category, Unit = Unit, SortOrder = SortOrder,
        MilligramsPerUnit = factor.MilligramsPerUnit,
        CreditHundredthsPerUnit = factor.CreditHundredthsPerUnit,
        Source = factor.Source,
    };

    /// <param name="creditsPerUnit">The published credit rate, or null to derive it from the bus ride's ratio.</param>
    internal static GreenBehaviour Define(string code, string name, string nameZh, BehaviourCategory category,
        BehaviourUnit unit, decimal gramsPerUnit, decimal? creditsPerUnit, string source, int sortOrder)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new DomainException(ErrorCodes.BadRequest, "A behaviour needs a code.");
        if (gramsPerUnit <= 0) throw new DomainException(ErrorCodes.BadRequest, "Grams per unit must be positive.");
        var credits = creditsPerUnit is { } published
            ? Credits.FromDecimal(published)
            : Methodology.CreditsForReduction(gramsPerUnit);
        return new GreenBehaviour
        {
            Code = code,
            Name = name,
            NameZh = nameZh,
            Category = category,
            Unit = unit,
            MilligramsPerUnit = CarbonMass.FromGrams(gramsPerUnit).Milligrams,
            CreditHundredthsPerUnit = credits.Hundredths,
            Source = source,
            SortOrder = sortOrder,
        };
    }
}
