using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Privacy;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>
/// Raw partner events are deleted <c>Retention:PartnerEventDays</c> after they arrived, and link codes a day after
/// they expired; the ledger's entries, the per-day counts and the same-act reports stay. Past the claim window a
/// resent event is refused as too old anyway, so nothing is credited twice.
/// </summary>
public sealed class PartnerEventRetention : IRetentionStep
{
    public string Name => "partner events";

    public async Task<int> RunAsync(CarbonDbContext db, RetentionOptions periods, DateTime nowUtc, CancellationToken ct)
    {
        var cutoff = nowUtc.AddDays(-periods.PartnerEventDays);
        var codeCutoff = nowUtc.AddDays(-1);
        return await db.PartnerEvents.Where(e => e.ReceivedAt < cutoff).ExecuteDeleteAsync(ct)
            + await db.PartnerLinkCodes.Where(c => c.ExpiresAt < codeCutoff).ExecuteDeleteAsync(ct);
    }
}
