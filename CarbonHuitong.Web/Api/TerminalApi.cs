using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Hardening;
using Microsoft.AspNetCore.Mvc;

namespace CarbonHuitong.Web.Api;

/// <param name="CountedElsewhere">The ride was already reported by a partner: the fare and coupon work as always, and it earns nothing twice.</param>
public sealed record ScanResponse(
    string ScanId, bool Accepted, decimal CreditsEarned, bool CouponApplied, long? CouponId, long FaceValueFen, long AmountDueFen, decimal Balance,
    bool CountedElsewhere);

public sealed record RideCodeKeyResponse(string KeyId, string Algorithm, string PublicKey);

/// <summary>
/// The bus validators' API. A validator authenticates each scan with its own key (header <c>X-Terminal-Key</c>),
/// checked by <see cref="ScanService"/>; it has no user account, so these endpoints skip user authorization.
/// </summary>
public static class TerminalApi
{
    public const string KeyHeader = "X-Terminal-Key";

    public static IEndpointRouteBuilder MapTerminalApi(this IEndpointRouteBuilder endpoints)
    {
        var terminal = endpoints.MapGroup("/api/terminal").WithTags("Terminal").AllowAnonymous();
        terminal.MapPost("/scans", ScanAsync).WithScanLimits();
        // Public keys are public: validators fetch them to check ride codes offline.
        terminal.MapGet("/ride-code-keys", (RideCodeKeyring keyring) => TypedResults.Ok(keyring.PublicKeys
            .Select(k => new RideCodeKeyResponse(k.KeyId, k.Algorithm, Convert.ToBase64String(k.SubjectPublicKeyInfo)))));
        return endpoints;
    }

    private static async Task<IResult> ScanAsync([FromHeader(Name = KeyHeader)] string? terminalKey, ScanRequest scan,
        ScanService scans, CancellationToken ct)
    {
        var result = await scans.RecordRideAsync(terminalKey, scan, ct);
        return TypedResults.Ok(new ScanResponse(result.ScanId, result.Accepted, result.CreditsEarned.Value, result.CouponApplied,
            result.CouponId, result.FaceValue.Value, result.AmountDue.Value, result.Balance.Value, result.CountedElsewhere));
    }
}
