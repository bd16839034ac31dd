using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Identity;

/// <summary>Adds the project owner's organization to the sign-in, next to the roles Identity already puts there.</summary>
public sealed class CarbonClaimsPrincipalFactory(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string OrganizationClaim = "carbonhuitong:organization";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.Organization)) identity.AddClaim(new Claim(OrganizationClaim, user.Organization));
        return identity;
    }

    /// <summary>The actor a signed-in principal is, for the domain's own permission checks.</summary>
    public static Actor? ActorOf(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return null;
        var roles = principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();
        return new Actor(userId, principal.FindFirstValue(ClaimTypes.Name) ?? "", roles, principal.FindFirstValue(OrganizationClaim));
    }
}
