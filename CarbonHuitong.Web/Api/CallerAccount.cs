using System.Security.Claims;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Web.Api;

/// <summary>Finds the carbon account of whoever is signed in, from the cookie or the bearer token.</summary>
public static class CallerAccount
{
    public static async Task<long?> FindIdAsync(ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, CancellationToken ct)
    {
        var userId = users.GetUserId(user);
        return userId is null ? null : await ledger.FindAccountIdAsync(userId, ct);
    }

    public static async Task<AccountSummary?> FindSummaryAsync(ClaimsPrincipal user, UserManager<ApplicationUser> users, LedgerQueries ledger, CancellationToken ct)
    {
        var accountId = await FindIdAsync(user, users, ledger, ct);
        return accountId is null ? null : await ledger.GetSummaryAsync(accountId.Value, ct);
    }
}
