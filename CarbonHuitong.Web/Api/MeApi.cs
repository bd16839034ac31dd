using System.Security.Claims;
using CarbonHuitong.Core.Ledger;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Web.Api;

public sealed record AccountResponse(decimal Balance, decimal CreditsEarned, decimal CreditsSpent, decimal GramsReduced, int GreenTrips);

/// <summary>The signed-in caller's own data, by cookie or bearer token.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder endpoints)
    {
        var me = endpoints.MapGroup("/api/me").WithTags("Me").RequireAuthorization();
        me.MapGet("/account", GetAccountAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<AccountResponse>, NotFound>> GetAccountAsync(
        ClaimsPrincipal user, UserManager<Core.Identity.ApplicationUser> users, LedgerQueries ledger, CancellationToken ct)
    {
        var summary = await CallerAccount.FindSummaryAsync(user, users, ledger, ct);
        if (summary is null) return TypedResults.NotFound();
        return TypedResults.Ok(new AccountResponse(summary.Balance.Value, summary.CreditsEarned.Value, summary.CreditsSpent.Value,
            summary.Reduced.Grams, summary.GreenTrips));
    }
}
