using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The district or county a citizen chose, or none ("not given"). Only the citizen sets it (at registration or on the
/// profile); a validator's line or a partner's events never do. It is read for statistics only: each earn counts in the
/// district the account named when it was recorded, so a change moves no figure already counted.
/// </summary>
public sealed class CitizenDistricts(CarbonDbContext db)
{
    /// <param name="districtCode">A GB/T 2260 code of Chongqing, or null (or blank) to clear it.</param>
    public async Task SetAsync(long accountId, string? districtCode, CancellationToken ct = default)
    {
        var code = string.IsNullOrWhiteSpace(districtCode) ? null : districtCode.Trim();
        if (code is not null && DistrictCatalogue.Find(code) is null)
            throw new DomainException(ErrorCodes.UnknownDistrict, "That is not a district or county of Chongqing.");
        await db.InWriteTransactionAsync(async () =>
        {
            var set = await db.CarbonAccounts.Where(a => a.Id == accountId && a.ClosedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.DistrictCode, code), ct);
            if (set == 0) throw await RefusalAsync(accountId, ct);
        }, ct);
    }

    public Task<string?> GetAsync(long accountId, CancellationToken ct = default) =>
        db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.DistrictCode).SingleOrDefaultAsync(ct);

    private async Task<DomainException> RefusalAsync(long accountId, CancellationToken ct) =>
        await db.CarbonAccounts.AnyAsync(a => a.Id == accountId, ct)
            ? new DomainException(ErrorCodes.AccountClosed, "This account was closed by its owner.")
            : new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {accountId}.");
}
