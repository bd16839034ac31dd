using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Core.Integrity;

/// <summary>The rides' invariants: a coupon pays one ride, a ride code rides once, and each ride's earn carries the ride.</summary>
public sealed partial class InvariantChecker
{
    private Task<InvariantCheck> CouponOnOneRideAsync(long coupons, CancellationToken ct) =>
        CheckAsync(Invariant.CouponOnOneRide, "no coupon used on two rides", "coupon", coupons, "coupon",
            db.Rides.AsNoTracking()
                .Where(r => r.CouponId != null)
                .GroupBy(r => r.CouponId)
                .Where(g => g.Count() > 1)
                .Select(g => new { CouponId = g.Key!.Value, Rides = g.LongCount(), FirstRide = g.Min(r => r.Id), LastRide = g.Max(r => r.Id) })
                .OrderBy(c => c.CouponId),
            c => new Violation(c.CouponId, $"#{c.CouponId} on {RidesFrom(c.Rides, c.FirstRide, c.LastRide)}"), ct);

    private async Task<InvariantCheck> RideCodeAcceptedOnceAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.RideCodeAcceptedOnce, "no ride code accepted twice", "ride", await db.Rides.LongCountAsync(ct), "ride code",
            db.Rides.AsNoTracking()
                .GroupBy(r => new { r.AccountId, r.CodeNonce })
                .Where(g => g.Count() > 1)
                .Select(g => new { g.Key.AccountId, g.Key.CodeNonce, Rides = g.LongCount(), FirstRide = g.Min(r => r.Id), LastRide = g.Max(r => r.Id) })
                .OrderBy(c => c.LastRide),
            c => new Violation(c.LastRide, $"account #{c.AccountId} code {c.CodeNonce} on {RidesFrom(c.Rides, c.FirstRide, c.LastRide)}"), ct);

    private static string RidesFrom(long rides, long first, long last) =>
        rides == 2 ? $"rides #{first} and #{last}" : $"{rides} rides, #{first} … #{last}";

    /// <summary>
    /// The ledger's history shows a ride from its earn entry alone, so each ride's earn is of the ride's account and
    /// credits and carries the ride's line and the face value of the coupon that paid it (none when no coupon did).
    /// </summary>
    private async Task<InvariantCheck> RideEarnCarriesRideAsync(CancellationToken ct) =>
        await CheckAsync(Invariant.RideEarnCarriesRide, "each ride's earn carries the ride's line and coupon", "ride", await db.Rides.LongCountAsync(ct),
            "ride",
            from r in db.Rides.AsNoTracking()
            where !r.CountedElsewhere
            join e in db.LedgerEntries on r.EarnEntryId equals e.Id
            where e.AccountId != r.AccountId || e.CreditHundredths != r.CreditsEarnedHundredths || e.LineId != r.LineId
                || (r.CouponId == null ? e.CouponFaceValueFen != null : e.CouponFaceValueFen != r.CouponFaceValueFen)
            orderby r.Id
            select new { r.Id, r.LineId, EntryId = e.Id, EntryLineId = e.LineId, r.CouponId, r.CouponFaceValueFen, EntryFen = e.CouponFaceValueFen },
            r => new Violation(r.Id, $"#{r.Id} on line {r.LineId} (coupon {(r.CouponId is null ? "none" : new Fen(r.CouponFaceValueFen).ToString())}) " +
                $"earned entry #{r.EntryId} that says line {r.EntryLineId ?? "none"}, coupon {(r.EntryFen is { } fen ? new Fen(fen).ToString() : "none")}"), ct);
}
