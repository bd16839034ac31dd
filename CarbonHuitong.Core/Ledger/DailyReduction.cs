namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// The platform's reductions per China day and behaviour, kept up to date by every Earn in the same transaction,
/// so platform reports read tens of thousands of rows instead of millions of ledger entries.
/// Each day and behaviour is spread over <see cref="Slots"/> rows by account, and reports add them up: on PostgreSQL
/// one row for all of today's bus rides made every scan wait for the one before it to commit (measured: 11 of 16
/// scans waiting on that row's lock, 349 scans/s).
/// </summary>
public sealed class DailyReduction
{
    public const int Slots = 16;

    public static int SlotOf(long accountId) => (int)(accountId % Slots);

    private DailyReduction() { }

    public DateOnly Day { get; private set; }
    public string BehaviourCode { get; private set; } = "";

    /// <summary>Where an account's earns are added up: <see cref="SlotOf"/>.</summary>
    public int Slot { get; private set; }
    public string Category { get; private set; } = "";
    public long Milligrams { get; private set; }
    public long CreditHundredths { get; private set; }
    public long Entries { get; private set; }
}
