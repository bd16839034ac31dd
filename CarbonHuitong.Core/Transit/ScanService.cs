using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Transit;

public sealed record ScanRequest(string? ScanId, string? RideCode, string? LineId, string? VehicleId, long FareFen, DateTime ScannedAt);

public sealed record ScanResult(
    string ScanId, bool Accepted, Credits CreditsEarned, bool CouponApplied, long? CouponId, Fen FaceValue, Fen AmountDue,
    Credits Balance, bool Replayed);

/// <summary>
/// Scan to ride, the hot path: check the terminal and the code, then in one short transaction record the ride,
/// credit the bus ride to the ledger and apply the coupon that expires soonest.
/// </summary>
public sealed class ScanService(CarbonDbContext db, LedgerService ledger, RideCodes rideCodes, TimeProvider clock)
{
    public const string LedgerSource = "transit";
    public const long MaxFareFen = 100_00;
    private const int MaxIdLength = 64;

    public async Task<ScanResult> RecordRideAsync(string? terminalKey, ScanRequest scan, CancellationToken ct = default)
    {
        var terminalId = await AuthenticateAsync(terminalKey, ct);
        return await RecordAsync(terminalId, scan, ct);
    }

    /// <summary>
    /// A scan on behalf of a registered terminal, without its key: for the validator simulator, which the caller
    /// must have authorized (mall administrators only).
    /// </summary>
    public async Task<ScanResult> RecordRideAtTerminalAsync(string terminalId, ScanRequest scan, CancellationToken ct = default)
    {
        if (!await db.Terminals.AnyAsync(t => t.Id == terminalId && t.IsActive, ct)) throw UnknownTerminal();
        return await RecordAsync(terminalId, scan, ct);
    }

    private async Task<ScanResult> RecordAsync(string terminalId, ScanRequest scan, CancellationToken ct)
    {
        Validate(scan);
        if (RideCodes.ClaimedKeyId(scan.RideCode) is { } keyId && !rideCodes.Keyring.Knows(keyId))
            await rideCodes.Keyring.ReloadForUnknownKeyAsync(keyId, db, clock, ct);
        // Freshness is checked only for a new ride: a validator's retry is answered as the first time, even once
        // the code has gone stale.
        var code = rideCodes.Verify(scan.RideCode, checkFreshness: false);
        return await db.InWriteTransactionAsync(() => RecordInTransactionAsync(terminalId, scan, code, ct), ct);
    }

    private async Task<ScanResult> RecordInTransactionAsync(string terminalId, ScanRequest scan, RideCodeClaims code, CancellationToken ct)
    {
        if (await FindEarlierAsync(terminalId, scan.ScanId!, ct) is { } earlier) return AnswerRetry(earlier, code);
        rideCodes.EnsureFresh(code);
        if (await db.Rides.AnyAsync(r => r.AccountId == code.AccountId && r.CodeNonce == code.Nonce, ct))
            throw new DomainException(ErrorCodes.ReplayedCode, "This ride code has already been used for a ride.");

        var now = clock.GetUtcNow().UtcDateTime;
        var earned = await ledger.RecordEarnAsync(new EarnRequest(code.AccountId, Methodology.BusRide, 1, LedgerSource,
            $"{terminalId}/{scan.ScanId}", ToUtc(scan.ScannedAt, now)), ct);
        var coupon = await ApplySoonestExpiringCouponAsync(code.AccountId, scan, now, ct);

        var ride = Ride.Record(terminalId, scan.ScanId!, code.AccountId, code.Nonce, scan.LineId!, scan.VehicleId!, scan.FareFen,
            ToUtc(scan.ScannedAt, now), now, earned.EntryId, earned.Credits.Hundredths, earned.Balance.Hundredths,
            coupon?.Id, coupon?.FaceValueFen ?? 0);
        db.Rides.Add(ride);
        await db.SaveChangesAsync(ct);
        return ResultOf(ride, replayed: false);
    }

    private Task<Ride?> FindEarlierAsync(string terminalId, string scanId, CancellationToken ct) =>
        db.Rides.AsNoTracking().SingleOrDefaultAsync(r => r.TerminalId == terminalId && r.ScanId == scanId, ct);

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
        return await db.Terminals.Where(t => t.KeyHash == hash && t.IsActive).Select(t => (string?)t.Id).SingleOrDefaultAsync(ct)
            ?? throw UnknownTerminal();
    }

    /// <summary>Marks Used the citizen's unused, unexpired bus coupon that expires soonest; a conditional update, so never twice.</summary>
    private async Task<(long Id, long FaceValueFen)?> ApplySoonestExpiringCouponAsync(long accountId, ScanRequest scan, DateTime now, CancellationToken ct)
    {
        var candidate = await db.Coupons.AsNoTracking().UsableAtRide(accountId, now)
            .Select(c => new { c.Id, c.FaceValueFen })
            .FirstOrDefaultAsync(ct);
        if (candidate is null) return null;

        var used = await db.Coupons
            .Where(c => c.Id == candidate.Id && c.Status == CouponStatus.Unused)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Status, CouponStatus.Used)
                .SetProperty(c => c.UsedAt, now)
                .SetProperty(c => c.UsedLineId, scan.LineId)
                .SetProperty(c => c.UsedVehicleId, scan.VehicleId), ct);
        return used == 1 ? (candidate.Id, candidate.FaceValueFen) : null;
    }

    private static ScanResult ResultOf(Ride ride, bool replayed) => new(ride.ScanId, Accepted: true,
        new Credits(ride.CreditsEarnedHundredths), ride.CouponId is not null, ride.CouponId, new Fen(ride.CouponFaceValueFen),
        new Fen(ride.AmountDueFen), new Credits(ride.BalanceAfterHundredths), replayed);

    /// <summary>A validator's clock can drift or send local time; a scan is never dated in the future.</summary>
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
        if (scan.FareFen is < 0 or > MaxFareFen)
            throw new DomainException(ErrorCodes.BadRequest, $"fareFen must be between 0 and {MaxFareFen}.");
        if (scan.ScannedAt == default) throw new DomainException(ErrorCodes.BadRequest, "scannedAt is required.");
    }

    private static void RequireId(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
            throw new DomainException(ErrorCodes.BadRequest, $"{name} is required (1 to {MaxIdLength} characters).");
    }

    private static DomainException UnknownTerminal() => new(ErrorCodes.UnknownTerminal, "This validator is not registered, or its key is wrong.");
}
