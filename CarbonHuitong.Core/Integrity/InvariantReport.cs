using System.Globalization;

namespace CarbonHuitong.Core.Integrity;

public enum Invariant
{
    BalanceEqualsEntries,
    TotalsEqualEntries,
    RollupEqualsEarns,
    CouponPaidByItsSpend,
    SpendPaysForOneCoupon,
    CouponOnOneRide,
    RideCodeAcceptedOnce,
    RideEarnCarriesRide,
    StockNotBelowZero,
    CouponsWithinBatch,
    RideCodeKeySealed,
    VoidedCouponHasItsEntry,
    ClosedAccountHoldsNothing,
    PartnerEventCreditedOnce,
    WithinDailyCap,
    ActCountedOnce,
    LaterReportPointsAtEarn,
    PendingNeverSpendable,
    SettlementMatchesPending,
    ExpiryWithinDue,
    CreditYearsEqualEntries,
    ApprovedClaimGrantedByItsAdjust,
    ShortfallAddsUp,
    DistrictMonthsEqualEntries,
    AccountMonthsEqualEarns,
    DistrictsAgree,
    ActivitySpansMatchActivity,
    ActiveCountsMatchSpans,
    RegisteredCitizensMatchAccounts,
}

/// <param name="Id">The row to look at: the account, coupon, Spend entry or mall item; for a ride code, its latest ride;
/// for a ride-code key (whose id is text, named in the description), its place in the order the keys were made.</param>
public sealed record Violation(long Id, string Description);

/// <param name="RowNoun">What was checked, in the singular: "account".</param>
/// <param name="OffenderNoun">What breaks the invariant, in the singular: "ride code" (the rows checked were rides).</param>
/// <param name="Samples">The first few offenders, by id.</param>
public sealed record InvariantCheck(
    Invariant Invariant, string Name, string RowNoun, long Checked, string OffenderNoun, long Offending, IReadOnlyList<Violation> Samples)
{
    public bool Holds => Offending == 0;

    /// <summary>
    /// <c>✓ balance equals sum of entries (accounts checked: 10,000)</c>, or
    /// <c>✗ balance equals sum of entries (accounts checked: 10,000) — 2 accounts: #12 balance 3.00 ≠ entries 2.00; #15 …</c>
    /// </summary>
    public override string ToString()
    {
        var line = $"{(Holds ? "✓" : "✗")} {Name} ({RowNoun}s checked: {Count(Checked)})";
        if (Holds) return line;
        var more = Offending > Samples.Count ? "; …" : "";
        return $"{line} — {Count(Offending)} {OffenderNoun}{(Offending == 1 ? "" : "s")}: "
            + string.Join("; ", Samples.Select(s => s.Description)) + more;
    }

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);
}

/// <summary>What <see cref="InvariantChecker"/> found; <see cref="ToString"/> gives one line per check, for a console or a log.</summary>
public sealed class InvariantReport(IReadOnlyList<InvariantCheck> checks)
{
    public IReadOnlyList<InvariantCheck> Checks => checks;

    public bool AllHold => checks.All(c => c.Holds);

    public IReadOnlyList<Invariant> Broken => checks.Where(c => !c.Holds).Select(c => c.Invariant).ToList();

    public InvariantCheck this[Invariant invariant] => checks.Single(c => c.Invariant == invariant);

    public override string ToString() => string.Join(Environment.NewLine, checks);
}
