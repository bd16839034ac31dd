using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CarbonHuitong.Web.Api;

/// <param name="TermsVersion">The version of the user agreement and privacy policy the app showed and the citizen
/// accepted (today <see cref="PlatformTerms.CurrentVersion"/>); the acceptance is recorded with the account. Optional,
/// for apps that predate it; an unknown version is refused with <c>unknown_terms_version</c>.</param>
public sealed record CitizenRegisterRequest(string Email, string Password, string? TermsVersion = null);

public static class AuthApi
{
    /// <summary>Identity's own endpoints: <c>POST /api/auth/register</c>, <c>POST /api/auth/login</c> (bearer token), refresh (each refresh token once) and manage.</summary>
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder endpoints)
    {
        // JSON null for a required field would reach Identity as a null and fail inside it (a 500); refuse it as a missing one is.
        var auth = endpoints.MapGroup("/api/auth").WithTags("Auth").WithSignInLimits().RefuseNullRequiredFields();
        // Ours is chosen over Identity's register (a lower order wins among endpoints of the same route): it records the
        // terms the app showed and answers a taken email as a new one.
        auth.MapPost("/register", RegisterAsync).WithOrder(-1)
            .WithSummary("Register a citizen with email and password; the same answer whether or not the email already has an account")
            .Refuses(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, ErrorCodes.UnknownTermsVersion)
            .Refuses(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited);
        auth.MapIdentityApi<ApplicationUser>().WithoutIdentityRegister().RotatingRefreshTokens();
        return endpoints;
    }

    private static async Task<Results<Ok, ValidationProblem>> RegisterAsync(CitizenRegisterRequest request, CitizenRegistration registration, HttpContext http)
    {
        var acceptance = request.TermsVersion is null ? null : new TermsAcceptance(request.TermsVersion, PlatformTerms.AppChannel);
        var registered = await registration.RegisterAsync(request.Email, request.Password, acceptance, CultureInfo.CurrentUICulture.Name, http.RequestAborted);
        if (registered.Result.Succeeded) return TypedResults.Ok();
        // Identity's own shape: each refusal's code with its descriptions.
        return TypedResults.ValidationProblem(registered.Result.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
    }

    /// <summary>Identity's register stays mapped but is never chosen; it is left out of the API document so the route is described once.</summary>
    private static TBuilder WithoutIdentityRegister<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && IsRegister(pattern))
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute());
        });
        return builder;
    }

    private static bool IsRegister(RoutePattern pattern) =>
        pattern.PathSegments is [.., { Parts: [RoutePatternLiteralPart { Content: "register" }] }];
}
