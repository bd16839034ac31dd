using System.Globalization;
using System.Security.Claims;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Identity;

/// <summary>
/// Adds the project owner's organization and the citizen's carbon account to the sign-in, next to the roles Identity
/// already puts there. An account never changes hands, so the API need not look it up at every call.
/// </summary>
public sealed class CarbonClaimsPrincipalFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, CarbonDbContext db)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string OrganizationClaim = "carbonhuitong:organization";
    public const string AccountClaim = "carbonhuitong:account";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.Organization)) identity.AddClaim(new Claim(OrganizationClaim, user.Organization));
        var accountId = await db.CarbonAccounts.Where(a => a.UserId == user.Id).Select(a => (long?)a.Id).SingleOrDefaultAsync();
        if (accountId is not null) identity.AddClaim(new Claim(AccountClaim, accountId.Value.ToString(CultureInfo.InvariantCulture)));
        return identity;
    }

    /// <summary>The carbon account the sign-in carries; null for a sign-in made before the claim existed.</summary>
    public static long? AccountIdOf(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(AccountClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The actor a signed-in principal is, for the domain's own permission checks.</summary>
    public static Actor? ActorOf(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(userId, principal.FindFirstValue(ClaimTypes.Name) ?? "", roles, principal.FindFirstValue(OrganizationClaim));
    }
}
