using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using CarbonHuitong.Core.Identity;

namespace CarbonHuitong.Web.Components.Account;

// Revalidates the security stamp of a connected circuit's user as often as Sessions:RevalidateSeconds says (at
// least every few seconds, since the check runs in a loop), so a password change, a lock or a role change ends it.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<Hardening.SessionOptions> sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval =>
        sessions.Value.RevalidateInterval < ShortestInterval ? ShortestInterval : sessions.Value.RevalidateInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
