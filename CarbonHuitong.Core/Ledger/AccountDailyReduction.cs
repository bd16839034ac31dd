namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// A citizen's reductions per China day and category, kept up to date by every Earn in the same transaction, so the
/// ledger page's trend and breakdown read a few hundred rows however long the ledger grows.
/// </summary>
public sealed class AccountDailyReduction
{
    private AccountDailyReduction() { }

    public long AccountId { get; private set; }
    public DateOnly Day { get; private set; }
    public string Category { get; private set; } = "";
    public long Milligrams { get; private set; }
    public long CreditHundredths { get; private set; }
    public long Entries { get; private set; }
}
