using System.Security.Claims;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using Microsoft.AspNetCore.Components.Authorization;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// Who is signed in to this circuit. Lives in the circuit's scope (it needs the circuit's authentication state);
/// the account is looked up with the caller's own <see cref="LedgerQueries"/>.
/// </summary>
public sealed class SignedInCitizen(AuthenticationStateProvider authentication)
{
    /// <summary>The signed-in user as the domain's <see cref="Actor"/>, for administrative actions; null for a visitor.</summary>
    public async Task<Actor?> FindActorAsync() =>
        CarbonClaimsPrincipalFactory.ActorOf((await authentication.GetAuthenticationStateAsync()).User);

    public async Task<long?> FindAccountIdAsync(LedgerQueries ledger, CancellationToken ct = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return userId is null ? null : await ledger.FindAccountIdAsync(userId, ct);
    }
}
