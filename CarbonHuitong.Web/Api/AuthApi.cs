using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;

namespace CarbonHuitong.Web.Api;

public static class AuthApi
{
    /// <summary>Identity's own endpoints: <c>POST /api/auth/register</c>, <c>POST /api/auth/login</c> (bearer token), refresh (each refresh token once) and manage.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/auth").WithTags("Auth").WithSignInLimits().MapIdentityApi<ApplicationUser>().RotatingRefreshTokens();
        return endpoints;
    }
}
