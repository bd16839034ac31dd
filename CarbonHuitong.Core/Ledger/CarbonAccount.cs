namespace CarbonHuitong.Core.Ledger;

/// <summary>
/// A citizen's carbon account. The totals are a running sum of the account's ledger entries,
/// changed only by <see cref="LedgerService"/> in the same transaction as the entry it appends.
/// </summary>
public sealed class CarbonAccount
{
    private CarbonAccount() { }

    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public DateTime OpenedAt { get; private set; }
    public long BalanceHundredths { get; private set; }
    public long EarnedHundredths { get; private set; }
    public long SpentHundredths { get; private set; }
    public long ReducedMilligrams { get; private set; }
    public int GreenTrips { get; private set; }

    /// <summary>Credits reported as pending and not yet confirmed or reversed: shown, never spendable, not in the balance.</summary>
    public long PendingHundredths { get; private set; }

    /// <summary>
    /// When a mall administrator froze the account (suspected fraud): from then on the ledger refuses it every earn and
    /// spend, while corrections (adjustments, expiry) still go through. Cleared when the freeze is lifted.
    /// </summary>
    public DateTime? FrozenAt { get; private set; }

    /// <summary>Why it is frozen, shown to the citizen.</summary>
    public string? FrozenReason { get; private set; }

    public const int MaxFrozenReasonLength = 500;

    /// <summary>
    /// When the citizen closed the account (PIPL): from then on the ledger refuses every entry for it, so it cannot
    /// earn, ride or redeem. Its entries stay, under the user's pseudonym, as the record of its credits.
    /// </summary>
    public DateTime? ClosedAt { get; private set; }

    /// <summary>
    /// The district or county the citizen chose (a GB/T 2260 code), or null for "not given". Set only by the citizen
    /// (<see cref="Government.CitizenDistricts"/>) and read only for statistics: each earn counts where this said at the time.
    /// </summary>
    public string? DistrictCode { get; private set; }

    /// <summary>Opened only by registration (<see cref="Identity.CitizenUserManager"/>), with the user in one transaction.</summary>
    internal static CarbonAccount Open(string userId, DateTime openedAtUtc)
    {
        if (string.IsNullOrWhiteSpace(userId)) throw new DomainException(ErrorCodes.BadRequest, "An account belongs to a user.");
        return new CarbonAccount { UserId = userId, OpenedAt = openedAtUtc };
    }
}
