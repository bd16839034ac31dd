using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// What the citizens of a district did per China month and behaviour, kept up to date by the ledger's one write path
/// (<see cref="LedgerService"/>) in the rollup round trip it already makes: the district is the account's at the time
/// of the entry, read in the same statement. Every regional figure but the citizen counts comes from these rows.
/// Each month, district and behaviour is spread over <see cref="DailyReduction.Slots"/> rows by account, as the daily
/// rollup is, so concurrent scans on PostgreSQL do not queue on one row's lock.
/// </summary>
public sealed class DistrictMonthReduction
{
    /// <summary>The district of a citizen who named none.</summary>
    public const string NotGiven = "";

    /// <summary>The behaviour of the rows that count coupon purchases (Spend entries), which have no behaviour.</summary>
    public const string NoBehaviour = "";

    private DistrictMonthReduction() { }

    /// <summary>The first day of the China month.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>A <see cref="DistrictCatalogue"/> code, or <see cref="NotGiven"/>.</summary>
    public string DistrictCode { get; private set; } = "";
    public string BehaviourCode { get; private set; } = "";
    public int Slot { get; private set; }

    /// <summary>The behaviour's <see cref="BehaviourCategory"/>, or empty on the coupon-purchase rows.</summary>
    public string Category { get; private set; } = "";
    public long Milligrams { get; private set; }
    public long CreditHundredths { get; private set; }

    /// <summary>Earn entries counted.</summary>
    public long Entries { get; private set; }

    /// <summary>Coupons bought with credits (Spend entries: the mall is the only place credits are spent).</summary>
    public long CouponsRedeemed { get; private set; }

    /// <summary>Rides paid (in part) by a coupon: Earn entries that carry a coupon's face value.</summary>
    public long CouponsUsed { get; private set; }
}

/// <summary>
/// That a citizen earned with a behaviour in a China month, and in which district: the rows regional statistics count
/// distinct citizens from, since citizens active over a period cannot be added up from monthly counts. Written with
/// <see cref="DistrictMonthReduction"/> in the same round trip. A citizen who changes district within a month has a
/// row for each, so a district's count is the citizens whose earns make up its figures.
/// </summary>
public sealed class AccountMonthActivity
{
    private AccountMonthActivity() { }

    public long AccountId { get; private set; }
    public DateOnly Month { get; private set; }
    public string BehaviourCode { get; private set; } = "";
    public string DistrictCode { get; private set; } = "";
    public string Category { get; private set; } = "";
    public long Entries { get; private set; }
}
