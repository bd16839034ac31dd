using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Claims;

/// <summary>Claims, freezes and claw-backs as requests make them: each call on its own context over the shared database.</summary>
internal static class ClaimSetup
{
    public const string Where = "Line 108, Jiefangbei stop";
    public const string Why = "The validator's screen was dark when I boarded.";

    public static ClaimService Claims(CarbonDbContext db, TimeProvider clock) =>
        new(db, CoreServices.Adjustments(db, clock), new AuditLog(db, clock), Options.Create(new EarningOptions()), clock);

    public static AccountFreezes Freezes(CarbonDbContext db, TimeProvider clock) => new(db, new AuditLog(db, clock), clock);

    public static ClaimDraft MissingRide(DateTime occurredAtUtc) => new(ClaimKind.MissingRide, occurredAtUtc, Where, Why, Methodology.BusRide);

    public static ClaimDraft Appeal(string partnerCode, string eventId) =>
        new(ClaimKind.Appeal, null, null, "I walked that far; the other app did not count it.", PartnerCode: partnerCode, PartnerEventId: eventId);

    public static async Task<FiledClaim> FileAsync(this TestStore database, TimeProvider clock, long accountId, ClaimDraft draft, string? requestId = null)
    {
        await using var db = database.CreateContext();
        return await Claims(db, clock).FileAsync(accountId, draft, requestId ?? Guid.NewGuid().ToString("N"));
    }

    public static async Task<ClaimView> ApproveAsync(this TestStore database, TimeProvider clock, long claimId, decimal credits, string reason = "Checked against the bus log",
        Actor? admin = null)
    {
        await using var db = database.CreateContext();
        return await Claims(db, clock).ApproveAsync(admin ?? Actors.MallAdmin, claimId, Credits.FromDecimal(credits), reason);
    }

    public static async Task<ClaimView> RejectAsync(this TestStore database, TimeProvider clock, long claimId, string reason = "No ride on line 108 that morning")
    {
        await using var db = database.CreateContext();
        return await Claims(db, clock).RejectAsync(Actors.MallAdmin, claimId, reason);
    }

    public static async Task FreezeAsync(this TestStore database, TimeProvider clock, long accountId, string reason = "Rides reported from two cities at once")
    {
        await using var db = database.CreateContext();
        await Freezes(db, clock).FreezeAsync(Actors.MallAdmin, accountId, reason);
    }

    public static async Task UnfreezeAsync(this TestStore database, TimeProvider clock, long accountId, string reason = "Checked: the rides were real")
    {
        await using var db = database.CreateContext();
        await Freezes(db, clock).UnfreezeAsync(Actors.MallAdmin, accountId, reason);
    }

    public static async Task<ClawBack> ClawBackAsync(this TestStore database, TimeProvider clock, long accountId, decimal credits, string reason = "Rides proven forged")
    {
        await using var db = database.CreateContext();
        return await CoreServices.Adjustments(db, clock).ClawBackAsync(Actors.MallAdmin, accountId, Credits.FromDecimal(credits), reason);
    }

    /// <summary>"ok", or the code of the refusal, so a race can count its outcomes.</summary>
    public static async Task<string> OutcomeOf(Func<Task> call)
    {
        try
        {
            await call();
            return "ok";
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }

    public static async Task<DomainException> RefusalOf(Func<Task> call) => await Assert.ThrowsAsync<DomainException>(call);
}
