using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record ScanRequest(string? ScanId, string? RideCode, string? LineId, string? VehicleId, long FareFen, DateTime? ScannedAt);

public sealed record ScanResult(
    string ScanId, bool Accepted, Credits CreditsEarned, bool CouponApplied, long? CouponId, Fen FaceValue, Fen AmountDue,
    Credits Balance, bool Replayed, bool CountedElsewhere = false);

/// <summary>
/// Scan to ride, the hot path: check the terminal and the code, then in one short transaction record the ride,
/// credit the bus ride to the ledger and apply the coupon that expires soonest.
/// </summary>
public sealed class ScanService(CarbonDbContext db, EarningService earning, LedgerService ledger, RideCodes rideCodes, TimeProvider clock,
    ReferenceDataCache referenceData)
{
    public const string LedgerSource = "transit";

    public async Task<ScanResult> RecordRideAsync(string? terminalKey, ScanRequest scan, CancellationToken ct = default)
    {
        // One connection for the whole scan, rather than one from the pool per statement.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var terminalId = await AuthenticateAsync(terminalKey, ct);
            return await RecordAsync(terminalId, scan, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// A mall administrator scans on behalf of a registered terminal, without its key: the validator simulator, for
    /// demos and support. Every such scan is a real ride.
    /// </summary>
    public async Task<ScanResult> RecordRideAtTerminalAsync(Actor admin, string terminalId, ScanRequest scan, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        if (!await db.Terminals.AnyAsync(t => t.Id == terminalId && t.IsActive, ct)) throw UnknownTerminal();
        return await RecordAsync(terminalId, scan, ct);
    }

    /// <summary>
    /// Everything that only reads happens before the write lock: the retry and replay check, the factors in effect and
    /// the coupon to use. Under the lock come only the writes, and the unique indexes on (terminal, scan id) and
    /// (account, code nonce) refuse a twin that slipped in between; it is then answered like any retry or replay.
    /// </summary>
    private async Task<ScanResult> RecordAsync(string terminalId, ScanRequest scan, CancellationToken ct)
    {
        Validate(scan);
        if (RideCodes.ClaimedKeyId(scan.RideCode) is { } keyId && !rideCodes.Keyring.Knows(keyId))
            await rideCodes.Keyring.ReloadForUnknownKeyAsync(keyId, db, clock, ct);
        // Freshness is checked only for a new ride: a validator's retry is answered as the first time, even once
        // the code has gone stale.
        var code = rideCodes.Verify(scan.RideCode, checkFreshness: false);
        if (await AnswerEarlierAsync(terminalId, scan.ScanId!, code, ct) is { } earlier) return earlier;
        rideCodes.EnsureFresh(code);

        var now = clock.GetUtcNow().UtcDateTime;
        var earn = await earning.PriceAsync(new EarnRequest(code.AccountId, Methodology.BusRide, 1, LedgerSource,
            $"{terminalId}/{scan.ScanId}", ToUtc(scan.ScannedAt!.Value, now)), ct);
        var coupon = await SoonestExpiringCouponAsync(code.AccountId, now, ct);
        var sameActWindow = (await earning.BehaviourOnAsync(Methodology.BusRide, PlatformTime.ChinaDateOf(earn.Request.OccurredAtUtc), ct))?.DuplicateWindow;
        return await db.InWriteTransactionAsync(() => RecordInTransactionAsync(terminalId, scan, code, earn, coupon, sameActWindow, now, ct),
            earlier: () => AnswerEarlierAsync(terminalId, scan.ScanId!, code, ct), ct);
    }

    private async Task<ScanResult> RecordInTransactionAsync(string terminalId, ScanRequest scan, RideCodeClaims code,
        PricedEarn earn, CouponToUse? coupon, TimeSpan? sameActWindow, DateTime now, CancellationToken ct)
    {
        // The citizen's own rows first; the earn ends with the daily totals, whose platform slot other scans share,
        // so on PostgreSQL that lock is held only for the account rollup, the ride's insert and the commit.
        var applied = await ApplyCouponAsync(code.AccountId, coupon, scan, now, ct);
        if (sameActWindow is { } window && await ReportedByPartnerAsync(code.AccountId, earn.Request.OccurredAtUtc, window, ct) is { } first)
            return await RecordCountedElsewhereAsync(terminalId, scan, code, earn, applied, first, now, ct);
        // A retry of this scan that got in since the check before the lock is refused by the ledger's unique index,
        // and the write seam answers this attempt as that retry.
        var earned = await ledger.AppendCheckedByCallerAsync(earn.ToEntry(now, new EarnContext(scan.LineId, applied?.FaceValueFen)), ct);
        var ride = Ride.Record(terminalId, scan.ScanId!, code.AccountId, code.Nonce, scan.LineId!, scan.VehicleId!, scan.FareFen,
            earn.Request.OccurredAtUtc, now, earned.EntryId, earned.Credits.Hundredths, earned.Balance.Hundredths,
            applied?.Id, applied?.FaceValueFen ?? 0);
        db.Rides.Add(ride);
        await db.SaveChangesAsync(ct);
        return ResultOf(ride, replayed: false);
    }

    /// <summary>
    /// A partner's earlier report of this bus ride (within the behaviour's same-act window, not yet matched to a scan), read under
    /// the account's lock so a partner's batch cannot credit the same ride in between.
    /// </summary>
    private async Task<EarnNearby?> ReportedByPartnerAsync(long accountId, DateTime occurredAt, TimeSpan window, CancellationToken ct)
    {
        await ledger.LockForDecisionAsync([], [accountId], ct);
        var nearby = (await ledger.FindEarnsAsync([accountId], [Methodology.BusRide], occurredAt - window, occurredAt + window + TimeSpan.FromTicks(1), ct))
            .Where(e => Partner.CodeOfSource(e.Source) is not null).ToList();
        if (nearby.Count == 0) return null;
        // A partner's one report is one ride: a second scan near it (a transfer) is a ride of its own.
        var scannedAlready = await ledger.FindReportedAgainAsync(nearby.Select(e => e.EntryId).ToList(), LedgerSource, ct);
        return nearby.Where(e => !scannedAlready.Contains(e.EntryId)).OrderBy(e => (e.OccurredAt - occurredAt).Duration()).FirstOrDefault();
    }

    /// <summary>
    /// The ride a partner already reported: the fare and the coupon work as always (a bus door never refuses a
    /// passenger over bookkeeping), it earns nothing, and the ledger keeps this scan as a second report of that earn.
    /// </summary>
    private async Task<ScanResult> RecordCountedElsewhereAsync(string terminalId, ScanRequest scan, RideCodeClaims code, PricedEarn earn,
        CouponToUse? applied, EarnNearby first, DateTime now, CancellationToken ct)
    {
        var account = await db.CarbonAccounts.AsNoTracking().Where(a => a.Id == code.AccountId)
            .Select(a => new { a.BalanceHundredths, a.ClosedAt }).SingleOrDefaultAsync(ct)
            ?? throw new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {code.AccountId}.");
        if (account.ClosedAt is not null) throw new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner.");
        await ledger.RecordDuplicatesAsync([DuplicateReport.Of(first.EntryId, code.AccountId, Methodology.BusRide, LedgerSource,
            earn.Request.ExternalEventId, earn.Request.OccurredAtUtc, now)], ct);
        var ride = Ride.Record(terminalId, scan.ScanId!, code.AccountId, code.Nonce, scan.LineId!, scan.VehicleId!, scan.FareFen,
            earn.Request.OccurredAtUtc, now, first.EntryId, 0, account.BalanceHundredths, applied?.Id, applied?.FaceValueFen ?? 0,
            countedElsewhere: true);
        db.Rides.Add(ride);
        await db.SaveChangesAsync(ct);
        return ResultOf(ride, replayed: false);
    }

    /// <summary>The earlier ride of this scan (a retry) or of this code (a replay), in one query.</summary>
    private async Task<ScanResult?> AnswerEarlierAsync(string terminalId, string scanId, RideCodeClaims code, CancellationToken ct)
    {
        var earlier = await db.Rides.AsNoTracking()
            .Where(r => (r.TerminalId == terminalId && r.ScanId == scanId) || (r.AccountId == code.AccountId && r.CodeNonce == code.Nonce))
            .OrderBy(r => r.Id).Take(2).ToListAsync(ct);
        if (earlier.Find(r => r.TerminalId == terminalId && r.ScanId == scanId) is { } sameScan) return AnswerRetry(sameScan, code);
        if (earlier.Count > 0) throw new DomainException(ErrorCodes.ReplayedCode, "This ride code has already been used for a ride.");
        return null;
    }

    private static ScanResult AnswerRetry(Ride earlier, RideCodeClaims code)
    {
        if (earlier.CodeNonce != code.Nonce || earlier.AccountId != code.AccountId)
            throw new DomainException(ErrorCodes.ScanConflict, "This scan id was already used for another ride code.");
        return ResultOf(earlier, replayed: true);
    }

    private async Task<string> AuthenticateAsync(string? terminalKey, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(terminalKey) || terminalKey.Length > 256) throw UnknownTerminal();
        var hash = Terminal.HashKey(terminalKey);
        var terminalId = await referenceData.GetOrReadAsync((nameof(Terminal), Convert.ToHexString(hash)), () => ActiveTerminalWithKeyAsync(hash, ct));
        return terminalId ?? throw UnknownTerminal();
    }

    private Task<string?> ActiveTerminalWithKeyAsync(byte[] hash, CancellationToken ct) =>
        db.Terminals.Where(t => t.KeyHash == hash && t.IsActive).Select(t => (string?)t.Id).SingleOrDefaultAsync(ct);

    private sealed record CouponToUse(long Id, long FaceValueFen);

    private Task<CouponToUse?> SoonestExpiringCouponAsync(long accountId, DateTime now, CancellationToken ct) =>
        db.Coupons.AsNoTracking().UsableAtRide(accountId, now).Select(c => new CouponToUse(c.Id, c.FaceValueFen)).FirstOrDefaultAsync(ct)!;

    /// <summary>
    /// Marks the chosen coupon Used with a conditional update, so never twice. If another ride of the same citizen
    /// used it in the meantime, the next one is chosen under the lock.
    /// </summary>
    private async Task<CouponToUse?> ApplyCouponAsync(long accountId, CouponToUse? chosen, ScanRequest scan, DateTime now, CancellationToken ct)
    {
        if (chosen is null) return null;
        if (await MarkUsedAsync(chosen.Id, scan, now, ct)) return chosen;
        var next = await SoonestExpiringCouponAsync(accountId, now, ct);
        return next is not null && await MarkUsedAsync(next.Id, scan, now, ct) ? next : null;
    }

    private async Task<bool> MarkUsedAsync(long couponId, ScanRequest scan, DateTime now, CancellationToken ct) =>
        await db.Coupons
            .Where(c => c.Id == couponId && c.Status == CouponStatus.Unused)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, CouponStatus.Used)
                .SetProperty(c => c.UsedAt, now)
                .SetProperty(c => c.UsedLineId, scan.LineId)
                .SetProperty(c => c.UsedVehicleId, scan.VehicleId), ct) == 1;

    private static ScanResult ResultOf(Ride ride, bool replayed) => new(ride.ScanId, Accepted: true,
        new Credits(ride.CreditsEarnedHundredths), ride.CouponId is not null, ride.CouponId, new Fen(ride.CouponFaceValueFen),
        new Fen(ride.AmountDueFen), new Credits(ride.BalanceAfterHundredths), replayed, ride.CountedElsewhere);

    /// <summary>
    /// A validator's clock can drift or send local time; a scan is never dated in the future. One dated before the
    /// claim window is refused with <c>too_old</c> when it is priced.
    /// </summary>
    private static DateTime ToUtc(DateTime scannedAt, DateTime now)
    {
        var utc = scannedAt.Kind == DateTimeKind.Local ? scannedAt.ToUniversalTime() : DateTime.SpecifyKind(scannedAt, DateTimeKind.Utc);
        return utc > now ? now : utc;
    }

    private static void Validate(ScanRequest scan)
    {
        RequireId(scan.ScanId, "scanId");
        RequireId(scan.LineId, "lineId");
        RequireId(scan.VehicleId, "vehicleId");
        if (scan.FareFen is < 0 or > Ride.MaxFareFen)
            throw new DomainException(ErrorCodes.BadRequest, $"fareFen must be between 0 and {Ride.MaxFareFen}.");
        if (scan.ScannedAt is null) throw new DomainException(ErrorCodes.BadRequest, "scannedAt is required.");
    }

    private static void RequireId(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > Ride.MaxIdLength)
            throw new DomainException(ErrorCodes.BadRequest, $"{name} is required (1 to {Ride.MaxIdLength} characters).");
    }

    private static DomainException UnknownTerminal() => new(ErrorCodes.UnknownTerminal, "This validator is not registered, or its key is wrong.");
}
