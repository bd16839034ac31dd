using System.Security.Claims;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Web.Hardening;

/// <summary>Settings section <c>Sessions</c>: how soon a password change, a lock or a role change ends other sessions.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>
    /// How long a sign-in's security stamp is trusted before it is checked against the user again, for cookies,
    /// bearer tokens and open circuits alike. 0 checks every request.
    /// </summary>
    public int RevalidateSeconds { get; set; } = 30;

    public TimeSpan RevalidateInterval => TimeSpan.FromSeconds(RevalidateSeconds);
}

public static class Sessions
{
    public static IServiceCollection AddCarbonHuitongSessions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section))
            .Validate(o => o.RevalidateSeconds is >= 0 and <= 3600, "Sessions:RevalidateSeconds must be 0 to 3600.")
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddScoped<SecurityStampCheck>();
        // The cookie's own check, for requests the transformation does not see (sign-out, the sign-in cookie's refresh).
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<IOptions<SessionOptions>>((stamp, sessions) => stamp.ValidationInterval = sessions.Value.RevalidateInterval);
        return services;
    }

    /// <summary>
    /// Right after authentication: a sign-in whose stamp is stale becomes anonymous, so authorization challenges it
    /// (401 for an API, the sign-in page for a browser) as if it had never signed in.
    /// </summary>
    public static IApplicationBuilder UseSessionCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !await context.RequestServices.GetRequiredService<SecurityStampCheck>().IsCurrentAsync(context.User))
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        await next(context);
    });

    /// <summary>Makes <c>POST /api/auth/refresh</c> accept each refresh token once.</summary>
    public static TBuilder RotatingRefreshTokens<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(RotateRefreshTokenAsync);

    private static async ValueTask<object?> RotateRefreshTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.Arguments.OfType<RefreshRequest>().FirstOrDefault() is not { RefreshToken: { Length: > 0 } token }) return await next(context);
        var services = context.HttpContext.RequestServices;
        var protector = services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(token);
        var clock = services.GetRequiredService<TimeProvider>();
        // Not one of ours, or expired: Identity's handler refuses it as it always has.
        if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= clock.GetUtcNow()) return await next(context);
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        if (users.GetUserId(ticket.Principal) is not { } userId) return await next(context);

        var use = await services.GetRequiredService<RefreshTokenRotation>().SpendAsync(token, userId, expires.UtcDateTime, context.HttpContext.RequestAborted);
        if (use == RefreshTokenUse.First) return await next(context);

        // A spent token came back: one of its two holders is not the user. Every session of the account ends, and
        // the user signs in again.
        if (await users.FindByIdAsync(userId) is { } user) await users.UpdateSecurityStampAsync(user);
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
            detail: "This refresh token was already used. Every session of the account has been ended; sign in again.",
            extensions: new Dictionary<string, object?> { ["code"] = "refresh_token_reused" });
    }
}

/// <summary>
/// Tells whether a sign-in's security stamp is still the user's: Identity renews the stamp on a password change, and
/// user administration renews it on a lock and a role change. Bearer tokens carry the stamp but Identity never checks
/// it, and cookies only every half hour, so every signed-in request is checked, at most once per
/// <see cref="SessionOptions.RevalidateSeconds"/> for each sign-in.
/// </summary>
internal sealed class SecurityStampCheck(UserManager<ApplicationUser> users, IMemoryCache cache, IOptions<SessionOptions> sessions,
    IOptions<IdentityOptions> identity)
{
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        if (users.GetUserId(principal) is not { } userId) return true;
        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        var interval = sessions.Value.RevalidateInterval;
        return interval == TimeSpan.Zero
            ? await IsCurrentAsync(userId, stamp)
            : await cache.GetOrCreateAsync((nameof(SecurityStampCheck), userId, stamp), entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = interval;
                return IsCurrentAsync(userId, stamp);
            });
    }

    private async Task<bool> IsCurrentAsync(string userId, string? stamp)
    {
        var user = await users.FindByIdAsync(userId);
        return user is not null && (!users.SupportsUserSecurityStamp || string.Equals(stamp, await users.GetSecurityStampAsync(user), StringComparison.Ordinal));
    }
}
