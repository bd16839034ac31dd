using System.Security.Claims;
using CarbonHuitong.Core.Ledger;
using Microsoft.AspNetCore.Components.Authorization;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>The carbon account of whoever is signed in to this circuit, or null for a visitor.</summary>
public sealed class SignedInCitizen(AuthenticationStateProvider authentication, LedgerQueries ledger)
{
    public async Task<long?> FindAccountIdAsync(CancellationToken ct = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await ledger.FindAccountIdAsync(userId, ct);
    }
}
