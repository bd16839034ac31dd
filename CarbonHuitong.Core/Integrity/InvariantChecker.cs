using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// Checks what must hold across the ledger, the mall and the rides, so a benchmark or a crash test can show the
/// database came through intact. Each check counts, sums and groups in the database and brings back only its first
/// few offenders, so it stays quick on hundreds of thousands of entries.
/// The checks are separate queries: on a database still taking writes, run it inside a transaction so they all read one snapshot.
/// </summary>
public sealed partial class InvariantChecker(CarbonDbContext db)
{
    public const int SampleSize = 5;

    public async Task<InvariantReport> CheckAsync(CancellationToken ct = default)
    {
        var accounts = await db.CarbonAccounts.LongCountAsync(ct);
        var coupons = await db.Coupons.LongCountAsync(ct);
        var items = await db.MallItems.LongCountAsync(ct);
        return new InvariantReport(
        [
            await BalanceEqualsEntriesAsync(accounts, ct),
            await TotalsEqualEntriesAsync(accounts, ct),
            await RollupEqualsEarnsAsync(accounts, ct),
            await CouponPaidByItsSpendAsync(coupons, ct),
            await SpendPaysForOneCouponAsync(ct),
            await CouponOnOneRideAsync(coupons, ct),
            await RideCodeAcceptedOnceAsync(ct),
            await RideEarnCarriesRideAsync(ct),
            await StockNotBelowZeroAsync(items, ct),
            await CouponsWithinBatchAsync(items, ct),
            await RideCodeKeySealedAsync(ct),
            await VoidedCouponHasItsEntryAsync(ct),
            await ClosedAccountHoldsNothingAsync(ct),
            await PartnerEventCreditedOnceAsync(ct),
            await WithinDailyCapAsync(ct),
            await ActCountedOnceAsync(ct),
            await LaterReportPointsAtEarnAsync(ct),
            await PendingNeverSpendableAsync(accounts, ct),
            await SettlementMatchesPendingAsync(ct),
            await ExpiryWithinDueAsync(ct),
            await CreditYearsEqualEntriesAsync(ct),
            await ApprovedClaimGrantedByItsAdjustAsync(ct),
            await ShortfallAddsUpAsync(ct),
            await DistrictMonthsEqualEntriesAsync(ct),
            await AccountMonthsEqualEarnsAsync(ct),
            await DistrictsAgreeAsync(ct),
            await ActivitySpansMatchActivityAsync(ct),
            await ActiveCountsMatchSpansAsync(ct),
            await RegisteredCitizensMatchAccountsAsync(ct),
        ]);
    }

    private static async Task<InvariantCheck> CheckAsync<T>(Invariant invariant, string name, string rowNoun, long rowsChecked,
        string offenderNoun, IQueryable<T> offenders, Func<T, Violation> describe, CancellationToken ct)
    {
        var offending = await offenders.LongCountAsync(ct);
        IReadOnlyList<Violation> samples = offending == 0 ? [] : (await offenders.Take(SampleSize).ToListAsync(ct)).Select(describe).ToList();
        return new InvariantCheck(invariant, name, rowNoun, rowsChecked, offenderNoun, offending, samples);
    }
}
