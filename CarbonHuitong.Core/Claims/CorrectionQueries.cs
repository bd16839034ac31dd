using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Claims;

/// <summary>A citizen's account as the administrators correct it: its balance, and whether it is frozen or closed.</summary>
/// <param name="Email">The citizen's email; a pseudonym once the account is closed.</param>
public sealed record AccountStanding(long AccountId, string? Email, Credits Balance, Credits Pending, DateTime? FrozenAtUtc, string? FrozenReason, bool Closed)
{
    public bool Frozen => FrozenAtUtc is not null;
}

/// <param name="Email">The citizen's email (a pseudonym once the account is closed).</param>
public sealed record ShortfallView(long Id, long AccountId, string? Email, Credits Requested, Credits Taken, Credits Shortfall, string Reason,
    DateTime AtUtc, long? EntryId);

/// <param name="Total">Every shortfall's credits not recovered, across all pages.</param>
public sealed record ShortfallReport(Page<ShortfallView> Page, Credits Total);

/// <summary>What the administrators read to correct accounts: the accounts by email, and the claw-backs' shortfalls.</summary>
public sealed class CorrectionQueries(CarbonDbContext db)
{
    /// <summary>Accounts whose citizen's email contains <paramref name="search"/>, frozen ones first, then by email.</summary>
    public Task<Page<AccountStanding>> ListAccountsAsync(Actor admin, string? search, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var request = new PageRequest(pageNumber, pageSize);
        var accounts = from a in db.CarbonAccounts.AsNoTracking()
                       join u in db.Users.AsNoTracking() on a.UserId equals u.Id
                       select new { Account = a, u.Email, u.NormalizedEmail };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            accounts = accounts.Where(r => r.NormalizedEmail!.Contains(normalized));
        }
        return accounts.ToPageAsync(request, rows => rows
            .OrderBy(r => r.Account.FrozenAt == null).ThenBy(r => r.NormalizedEmail).ThenBy(r => r.Account.Id)
            .Select(r => new AccountStanding(r.Account.Id, r.Email, new Credits(r.Account.BalanceHundredths), new Credits(r.Account.PendingHundredths),
                r.Account.FrozenAt, r.Account.FrozenReason, r.Account.ClosedAt != null)), ct);
    }

    /// <summary>Every recorded shortfall, the latest first, with the total not recovered: the administrators' report.</summary>
    public async Task<ShortfallReport> ListShortfallsAsync(Actor admin, int pageNumber, int pageSize, CancellationToken ct = default)
    {
        admin.RequireMallAdmin();
        var request = new PageRequest(pageNumber, pageSize);
        var total = new Credits(await db.CreditShortfalls.SumAsync(s => s.ShortfallHundredths, ct));
        var page = await db.CreditShortfalls.AsNoTracking().ToPageAsync(request, rows => rows.OrderByDescending(s => s.At).ThenByDescending(s => s.Id)
            .Select(s => new ShortfallView(s.Id, s.AccountId,
                db.CarbonAccounts.Where(a => a.Id == s.AccountId).Join(db.Users, a => a.UserId, u => u.Id, (a, u) => u.Email).FirstOrDefault(),
                new Credits(s.RequestedHundredths), new Credits(s.TakenHundredths), new Credits(s.ShortfallHundredths), s.Reason, s.At, s.EntryId)), ct);
        return new ShortfallReport(page, total);
    }
}
