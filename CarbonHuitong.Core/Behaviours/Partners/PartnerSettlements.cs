using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Behaviours.Partners;

/// <summary>
/// A partner confirms or reverses the events it sent as pending (signed, by its own event ids), and the lifecycle
/// job confirms those left unsettled past the partner's pending window. A confirmed event cannot be reversed here:
/// only an administrator's audited adjustment can take its credits back.
/// </summary>
public sealed class PartnerSettlements(CarbonDbContext db, PendingCredits pending, TimeProvider clock)
{
    public const string ReversedByPartner = "Reversed by the partner";
    public const int OverdueBatchSize = 500;

    public Task<IReadOnlyList<Settlement>> ConfirmAsync(PartnerIdentity partner, IReadOnlyList<string> eventIds, CancellationToken ct = default) =>
        pending.ConfirmAsync(partner.LedgerSource, eventIds, ct);

    public Task<IReadOnlyList<Settlement>> ReverseAsync(PartnerIdentity partner, IReadOnlyList<string> eventIds, CancellationToken ct = default) =>
        pending.ReverseAsync(partner.LedgerSource, eventIds, ReversedByPartner, ct);

    /// <summary>Confirms, for every partner, the pending events older than its window.</summary>
    /// <returns>How many were confirmed.</returns>
    public async Task<int> ConfirmOverdueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var windows = await db.Partners.AsNoTracking().Select(p => new { p.Code, p.PendingWindowHours }).ToListAsync(ct);
        var confirmed = 0;
        foreach (var partner in windows)
            confirmed += await pending.ConfirmOverdueAsync(Partner.SourceOf(partner.Code), now.AddHours(-partner.PendingWindowHours), OverdueBatchSize, ct);
        return confirmed;
    }
}
