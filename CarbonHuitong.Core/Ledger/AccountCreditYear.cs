namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// An account's credits in (earns, confirmations, positive adjustments) and out (spends, expiries, negative
/// adjustments, forfeits) per China year of the entries' dates, kept in step by every append. What expires at a cutoff
/// is read from a handful of these rows per account, never from the ledger itself (<see cref="CreditExpiry"/>).
/// </summary>
public sealed class AccountCreditYear
{
    private AccountCreditYear() { }

    public long AccountId { get; private set; }
    public int Year { get; private set; }
    public long InHundredths { get; private set; }
    public long OutHundredths { get; private set; }
}
