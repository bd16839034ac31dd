using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Core;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Support;

/// <summary>Core's services over one test context, wired as the app's container wires them.</summary>
public static class CoreServices
{
    public static EarningService Earning(CarbonDbContext db, TimeProvider clock, EarningOptions? options = null) =>
        new(db, new LedgerService(db, clock), new ReferenceDataCache(clock), clock, Options.Create(options ?? new EarningOptions()));

    public static AdjustmentService Adjustments(CarbonDbContext db, TimeProvider clock) =>
        new(db, new LedgerService(db, clock), Expiry(db, clock), new AuditLog(db, clock), clock);

    public static CreditExpiry Expiry(CarbonDbContext db, TimeProvider clock, ExpiryOptions? options = null) =>
        new(db, new LedgerService(db, clock), Options.Create(options ?? new ExpiryOptions()), clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CreditExpiry>.Instance);

    public static PendingCredits Pending(CarbonDbContext db, TimeProvider clock) => new(db, new LedgerService(db, clock), clock);

    public static TerminalService Terminals(CarbonDbContext db, TimeProvider clock) =>
        new(db, new AuditLog(db, clock), new ReferenceDataCache(clock), clock);

    public static RedemptionService Redemptions(CarbonDbContext db, TimeProvider clock) => new(db, new LedgerService(db, clock), Expiry(db, clock), clock);

    public static ScanService Scans(CarbonDbContext db, RideCodes rideCodes, TimeProvider clock) =>
        new(db, Earning(db, clock), new LedgerService(db, clock), rideCodes, clock, new ReferenceDataCache(clock));
}

/// <summary>
/// The ledger as the tests drive it: earns through <see cref="EarningService"/>, spends and expiries through
/// <see cref="LedgerService"/>, corrections as a mall administrator's audited adjustment.
/// </summary>
public sealed class TestLedger(CarbonDbContext db, TimeProvider clock)
{
    private readonly LedgerService _ledger = new(db, clock);

    public Task<EarnResult> RecordEarnAsync(EarnRequest request, CancellationToken ct = default) =>
        CoreServices.Earning(db, clock).RecordAsync(request, ct);

    /// <summary>An earn from the past beyond the claim window, recorded as the operator's history import does.</summary>
    public async Task<EarnResult> RecordHistoryAsync(EarnRequest request, CancellationToken ct = default) =>
        EarnResult.From((await CoreServices.Earning(db, clock).ImportHistoryAsync([request], ct))[0]);

    public Task<AppendOutcome> SpendAsync(long accountId, Credits price, string description, string? reference, CancellationToken ct = default) =>
        _ledger.SpendAsync(accountId, price, description, reference, ct);

    public Task<AppendOutcome> ExpireAsync(long accountId, Credits amount, string reason, CancellationToken ct = default) =>
        _ledger.ExpireAsync(accountId, amount, reason, ct);

    public Task<AppendOutcome> AdjustAsync(long accountId, Credits delta, string reason, Actor? admin = null, CancellationToken ct = default) =>
        CoreServices.Adjustments(db, clock).AdjustAsync(admin ?? Actors.MallAdmin, accountId, delta, reason, ct);
}
