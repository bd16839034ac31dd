using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;

namespace CarbonHuitong.Web.Api;

public static class AuthApi
{
    /// <summary>Identity's own endpoints: <c>POST /api/auth/register</c>, <c>POST /api/auth/login</c> (bearer token), refresh (each refresh token once) and manage.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        // JSON null for a required field would reach Identity as a null and fail inside it (a 500); refuse it as a missing one is.
        endpoints.MapGroup("/api/auth").WithTags("Auth").WithSignInLimits().RefuseNullRequiredFields().MapIdentityApi<ApplicationUser>()
            .RotatingRefreshTokens();
        return endpoints;
    }
}
