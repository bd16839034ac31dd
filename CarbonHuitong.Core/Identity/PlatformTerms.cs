using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Identity;

/// <summary>The user agreement and privacy policy a citizen accepts to register (PIPL: consent to personal information handling).</summary>
public static class PlatformTerms
{
    /// <summary>The version the app shows today, of both documents; a new text gets a new version.</summary>
    public const string CurrentVersion = "2026-12";

    /// <summary>Every version ever shown, oldest first: an app that still shows an older one may still register.</summary>
    public static readonly IReadOnlyList<string> Versions = [CurrentVersion];

    public const string WebChannel = "web";
    public const string AppChannel = "app";

    /// <summary>The audit action that records an acceptance, with the version and channel in its after-values.</summary>
    public const string AcceptAction = "consent.terms";

    public static string Require(string version) => Versions.Contains(version, StringComparer.Ordinal) ? version
        : throw new DomainException(ErrorCodes.UnknownTermsVersion,
            $"'{version}' is not a version of the user agreement and privacy policy; the current one is {CurrentVersion}.");
}

/// <summary>A citizen's acceptance of the user agreement and privacy policy: which version, through which channel.</summary>
public sealed record TermsAcceptance(string Version, string Channel);

/// <summary>An acceptance as recorded: when, which version, through which channel.</summary>
public sealed record TermsAcceptanceRecord(DateTime At, string Version, string Channel);

/// <summary>
/// Acceptances live in the audit log (<see cref="PlatformTerms.AcceptAction"/>, the citizen as actor), written in the
/// registration's transaction, so an account made with consent never lacks its record.
/// </summary>
public sealed class TermsConsents(CarbonDbContext db)
{
    /// <summary>Adds the record to the caller's unit of work (the registration's transaction).</summary>
    public static void Record(AuditLog audit, ApplicationUser user, TermsAcceptance acceptance) =>
        audit.Record(new Actor(user.Id, user.Email ?? "", [Roles.Citizen], null), PlatformTerms.AcceptAction, nameof(ApplicationUser), user.Id,
            null, new { termsVersion = acceptance.Version, privacyVersion = acceptance.Version, channel = acceptance.Channel });

    /// <summary>The user's acceptances, oldest first.</summary>
    public Task<IReadOnlyList<TermsAcceptanceRecord>> ReadAsync(string userId, CancellationToken ct = default) => ReadAsync(db, userId, ct);

    /// <inheritdoc cref="ReadAsync(string, CancellationToken)"/>
    public static async Task<IReadOnlyList<TermsAcceptanceRecord>> ReadAsync(CarbonDbContext db, string userId, CancellationToken ct = default)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorUserId == userId && e.Action == PlatformTerms.AcceptAction)
            .OrderBy(e => e.Id).Select(e => new { e.At, e.After }).ToListAsync(ct);
        return rows.Select(r => Parse(r.At, r.After)).ToList();
    }

    private static TermsAcceptanceRecord Parse(DateTime at, string? after)
    {
        using var json = System.Text.Json.JsonDocument.Parse(after ?? "{}");
        var root = json.RootElement;
        return new TermsAcceptanceRecord(DateTime.SpecifyKind(at, DateTimeKind.Utc),
            root.TryGetProperty("termsVersion", out var version) ? version.GetString() ?? "" : "",
            root.TryGetProperty("channel", out var channel) ? channel.GetString() ?? "" : "");
    }
}
