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
    public const int MaxNameLength = 100;
    public const int MaxSourceLength = 500;

    /// <summary>The behaviour's name in Chinese and English ("乘坐公交" / "Bus ride").</summary>
    public BilingualText Name { get; private set; } = BilingualText.Empty;
    public BehaviourCategory Category { get; private set; }
    public BehaviourUnit Unit { get; private set; }
    public long MilligramsPerUnit { get; private set; }
    public long CreditHundredthsPerUnit { get; private set; }
    /// <summary>The published source of the factors in effect, in Chinese and English.</summary>
    public BilingualText Source { get; private set; } = BilingualText.Empty;
    public int SortOrder { get; private set; }

    /// <summary>
    /// The most CO2e one citizen may earn for this behaviour in a China day, from every source together; null for no cap.
    /// An event that would cross it is credited up to it.
    /// </summary>
    public long? DailyCapMilligrams { get; private set; }

    /// <summary>
    /// Reports of this behaviour for one citizen from two different sources within this many seconds of each other are
    /// the same act (a metro ride reported by the metro and by a ride-code app): the first is credited, the later one
    /// is counted elsewhere. Null: every report is its own act (two takeaways are two orders).
    /// </summary>
    public int? DuplicateWindowSeconds { get; private set; }

    public const decimal MaxDailyCapGrams = 1_000_000m;
    public const int MaxDuplicateWindowMinutes = 24 * 60;

    public CarbonMass? DailyCap => DailyCapMilligrams is { } cap ? new CarbonMass(cap) : null;
    public TimeSpan? DuplicateWindow => DuplicateWindowSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public CarbonMass ReductionPerUnit => new(MilligramsPerUnit);
    public Credits CreditsPerUnit => new(CreditHundredthsPerUnit);

    /// <summary>Transport behaviours are the citizen's "green trips".</summary>
    public bool IsGreenTrip => Category == BehaviourCategory.Transport;

    /// <summary>What the ledger keeps of this behaviour on an earn.</summary>
    public EarnFactors Factors => new(Code, Category, IsGreenTrip, MilligramsPerUnit, CreditHundredthsPerUnit);

    /// <summary>This behaviour with a scheduled factor applied: what an earn on or after its date uses.</summary>
    internal GreenBehaviour With(BehaviourFactor factor) => new()
    {
        Code = Code, Name = Name, Category = Category, Unit = Unit, SortOrder = SortOrder,
        MilligramsPerUnit = factor.MilligramsPerUnit,
        CreditHundredthsPerUnit = factor.CreditHundredthsPerUnit,
        Source = factor.Source,
        DailyCapMilligrams = DailyCapMilligrams,
        DuplicateWindowSeconds = DuplicateWindowSeconds,
    };

    /// <summary>Sets the daily cap and the window in which two sources' reports are one act; null turns either off.</summary>
    internal void SetRules(decimal? dailyCapGrams, int? duplicateWindowMinutes)
    {
        if (dailyCapGrams is { } cap && (cap <= 0 || cap > MaxDailyCapGrams || decimal.Round(cap, 3) != cap))
            throw new DomainException(ErrorCodes.BadRequest, $"A daily cap is more than 0 and at most {MaxDailyCapGrams:#,0} g, with at most three decimals.");
        if (duplicateWindowMinutes is < 1 or > MaxDuplicateWindowMinutes)
            throw new DomainException(ErrorCodes.BadRequest, $"The same-act window is 1 to {MaxDuplicateWindowMinutes:#,0} minutes.");
        DailyCapMilligrams = dailyCapGrams is { } grams ? CarbonMass.FromGrams(grams).Milligrams : null;
        DuplicateWindowSeconds = duplicateWindowMinutes * 60;
    }

    /// <param name="creditsPerUnit">The published credit rate, or null to derive it from the bus ride's ratio.</param>
    internal static GreenBehaviour Define(string code, BilingualText name, BehaviourCategory category,
        BehaviourUnit unit, decimal gramsPerUnit, decimal? creditsPerUnit, BilingualText source, int sortOrder,
        decimal? dailyCapGrams = null, int? duplicateWindowMinutes = null)
    {
        if (string.IsNullOrWhiteSpace(code)) throw new DomainException(ErrorCodes.BadRequest, "A behaviour needs a code.");
        if (gramsPerUnit <= 0) throw new DomainException(ErrorCodes.BadRequest, "Grams per unit must be positive.");
        var credits = creditsPerUnit is { } published
            ? Credits.FromDecimal(published)
            : Methodology.CreditsForReduction(gramsPerUnit);
        return new GreenBehaviour
        {
            Code = code,
            Name = BilingualText.Require(name.Zh, name.En, "behaviour's name", MaxNameLength),
            Category = category,
            Unit = unit,
            MilligramsPerUnit = CarbonMass.FromGrams(gramsPerUnit).Milligrams,
            CreditHundredthsPerUnit = credits.Hundredths,
            Source = BilingualText.Require(source.Zh, source.En, "source", MaxSourceLength),
            SortOrder = sortOrder,
        }.WithRules(dailyCapGrams, duplicateWindowMinutes);
    }

    private GreenBehaviour WithRules(decimal? dailyCapGrams, int? duplicateWindowMinutes)
    {
        SetRules(dailyCapGrams, duplicateWindowMinutes);
        return this;
    }
}
