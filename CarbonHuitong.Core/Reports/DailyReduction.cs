namespace CarbonHuitong.Core.Reports;

/// <summary>
/// The platform's reductions per China day and behaviour, kept up to date by every Earn in the same transaction,
/// so platform reports read a few thousand rows instead of millions of ledger entries.
/// </summary>
public sealed class DailyReduction
{
    private DailyReduction() { }

    public DateOnly Day { get; private set; }
    public string BehaviourCode { get; private set; } = "";
    public string Category { get; private set; } = "";
    public long Milligrams { get; private set; }
    public long CreditHundredths { get; private set; }
    public long Entries { get; private set; }
}
