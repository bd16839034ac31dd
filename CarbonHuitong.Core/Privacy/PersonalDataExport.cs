using System.Text.Json;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Privacy;

/// <summary>
/// Everything the platform holds about one citizen, as one JSON document (PIPL's right to a copy): the profile, every
/// ledger entry, coupon and ride, the consents and the accepted terms. Read-only. Each section is one query whose rows are streamed
/// straight into the writer, so a long history is never held in memory and never costs a query per row.
/// </summary>
public sealed class PersonalDataExport(CarbonDbContext db, TimeProvider clock)
{
    /// <summary>The document's format, so a reader can tell later versions apart.</summary>
    public const string Format = "carbonhuitong.personal-data/1";

    private const int FlushEveryBytes = 32 * 1024;

    /// <summary>Writes the signed-in user's own data, and only theirs, to <paramref name="output"/>.</summary>
    public async Task WriteAsync(Actor citizen, Stream output, CancellationToken ct = default)
    {
        var profile = await db.Users.AsNoTracking().Where(u => u.Id == citizen.UserId)
            .Select(u => new
            {
                u.Id, u.UserName, u.Email, u.EmailConfirmed, u.PhoneNumber, u.Organization, u.RegisteredAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList(),
            })
            .SingleOrDefaultAsync(ct) ?? throw new DomainException(ErrorCodes.AccountNotFound, "There is no such user.");
        var account = await db.CarbonAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.UserId == citizen.UserId, ct);

        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("exportedAt", Utc(clock.GetUtcNow().UtcDateTime));

        json.WriteStartObject("profile");
        json.WriteString("userId", profile.Id);
        json.WriteString("userName", profile.UserName);
        json.WriteString("email", profile.Email);
        json.WriteBoolean("emailConfirmed", profile.EmailConfirmed);
        json.WriteString("phoneNumber", profile.PhoneNumber);
        json.WriteString("organization", profile.Organization);
        json.WriteString("registeredAt", Utc(profile.RegisteredAt));
        json.WriteStartArray("roles");
        foreach (var role in profile.Roles.Order(StringComparer.Ordinal)) json.WriteStringValue(role);
        json.WriteEndArray();
        json.WriteEndObject();

        if (account is null) json.WriteNull("account");
        else WriteAccount(json, account);

        json.WriteStartArray("ledger");
        if (account is not null) await WriteLedgerAsync(json, account.Id, ct);
        json.WriteEndArray();
        json.WriteStartArray("coupons");
        if (account is not null) await WriteCouponsAsync(json, account.Id, ct);
        json.WriteEndArray();
        json.WriteStartArray("rides");
        if (account is not null) await WriteRidesAsync(json, account.Id, ct);
        json.WriteEndArray();
        // Each consent to a partner scenario: which partner, as which of its users, given and withdrawn when.
        json.WriteStartArray("consents");
        if (account is not null) await WriteConsentsAsync(json, account.Id, ct);
        json.WriteEndArray();
        // The user agreement and privacy policy the citizen accepted: which version, when, and where (web form or app).
        json.WriteStartArray("termsAcceptances");
        foreach (var accepted in await Identity.TermsConsents.ReadAsync(db, citizen.UserId, ct))
        {
            json.WriteStartObject();
            json.WriteString("version", accepted.Version);
            json.WriteString("acceptedAt", accepted.At);
            json.WriteString("channel", accepted.Channel);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        // What the citizen claimed and how it was decided, and what the platform told them (with any reason given).
        json.WriteStartArray("claims");
        if (account is not null) await WriteClaimsAsync(json, account.Id, ct);
        json.WriteEndArray();
        json.WriteStartArray("notifications");
        if (account is not null) await WriteNotificationsAsync(json, account.Id, ct);
        json.WriteEndArray();

        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private async Task WriteConsentsAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        var links = db.PartnerLinks.AsNoTracking().Where(l => l.AccountId == accountId).OrderBy(l => l.LinkedAt)
            .Join(db.Partners, l => l.PartnerCode, p => p.Code, (l, p) => new { l.PartnerCode, NameZh = p.Name.Zh, NameEn = p.Name.En, l.PartnerUserId, l.LinkedAt, l.RevokedAt, l.EventsDeletedAt,
                Behaviours = db.Set<Behaviours.Partners.PartnerBehaviour>().Where(b => b.PartnerCode == l.PartnerCode).Select(b => b.BehaviourCode).ToList() });
        foreach (var link in await links.ToListAsync(ct))
        {
            json.WriteStartObject();
            json.WriteString("partner", link.PartnerCode);
            json.WriteString("partnerNameZh", link.NameZh);
            json.WriteString("partnerNameEn", link.NameEn);
            json.WriteString("partnerUserId", link.PartnerUserId);
            json.WriteStartArray("behaviours");
            foreach (var behaviour in link.Behaviours.Order(StringComparer.Ordinal)) json.WriteStringValue(behaviour);
            json.WriteEndArray();
            json.WriteString("givenAt", Utc(link.LinkedAt));
            if (link.RevokedAt is { } revoked) json.WriteString("withdrawnAt", Utc(revoked));
            else json.WriteNull("withdrawnAt");
            if (link.EventsDeletedAt is { } deleted) json.WriteString("partnerEventsDeletedAt", Utc(deleted));
            else json.WriteNull("partnerEventsDeletedAt");
            json.WriteEndObject();
        }
    }

    private async Task WriteClaimsAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        await foreach (var c in db.Claims.AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("id", c.Id);
            json.WriteString("kind", c.Kind.ToString());
            json.WriteString("occurredAt", Utc(c.OccurredAt));
            json.WriteString("place", c.Place);
            json.WriteString("note", c.Note);
            json.WriteString("behaviour", c.BehaviourCode);
            json.WriteString("partner", c.PartnerCode);
            json.WriteString("partnerEventId", c.PartnerEventId);
            json.WriteString("submittedAt", Utc(c.SubmittedAt));
            json.WriteString("status", c.Status.ToString().ToLowerInvariant());
            if (c.DecidedAt is { } decided) json.WriteString("decidedAt", Utc(decided));
            else json.WriteNull("decidedAt");
            json.WriteString("decisionReason", c.DecisionReason);
            if (c.GrantedHundredths is { } granted) json.WriteNumber("creditsGranted", new Credits(granted).Value);
            else json.WriteNull("creditsGranted");
            json.WriteEndObject();
            await FlushWhenFullAsync(json, ct);
        }
    }

    private async Task WriteNotificationsAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        await foreach (var n in db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId).OrderBy(n => n.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("id", n.Id);
            json.WriteString("kind", n.Kind.ToString());
            json.WriteString("createdAt", Utc(n.CreatedAt));
            if (n.CreditHundredths is { } credits) json.WriteNumber("credits", new Credits(credits).Value);
            else json.WriteNull("credits");
            if (n.FaceValueFen is { } fen) json.WriteNumber("faceValueFen", fen);
            else json.WriteNull("faceValueFen");
            json.WriteString("day", n.Day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("subject", n.Subject);
            json.WriteString("detail", n.Detail);
            if (n.ReadAt is { } read) json.WriteString("readAt", Utc(read));
            else json.WriteNull("readAt");
            json.WriteEndObject();
            await FlushWhenFullAsync(json, ct);
        }
    }

    private static void WriteAccount(Utf8JsonWriter json, CarbonAccount account)
    {
        json.WriteStartObject("account");
        json.WriteNumber("id", account.Id);
        json.WriteString("openedAt", Utc(account.OpenedAt));
        if (account.ClosedAt is { } closedAt) json.WriteString("closedAt", Utc(closedAt));
        else json.WriteNull("closedAt");
        json.WriteNumber("balance", new Credits(account.BalanceHundredths).Value);
        json.WriteNumber("creditsEarned", new Credits(account.EarnedHundredths).Value);
        json.WriteNumber("creditsSpent", new Credits(account.SpentHundredths).Value);
        json.WriteNumber("gramsReduced", new CarbonMass(account.ReducedMilligrams).Grams);
        json.WriteNumber("greenTrips", account.GreenTrips);
        json.WriteNumber("pendingCredits", new Credits(account.PendingHundredths).Value);
        if (account.FrozenAt is { } frozenAt) json.WriteString("frozenAt", Utc(frozenAt));
        else json.WriteNull("frozenAt");
        json.WriteString("frozenReason", account.FrozenReason);
        json.WriteEndObject();
    }

    private async Task WriteLedgerAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        await foreach (var e in db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId).OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("id", e.Id);
            json.WriteString("kind", e.Kind.ToString().ToLowerInvariant());
            json.WriteString("occurredAt", Utc(e.OccurredAt));
            json.WriteString("recordedAt", Utc(e.RecordedAt));
            json.WriteNumber("credits", new Credits(e.CreditHundredths).Value);
            json.WriteNumber("balanceAfter", new Credits(e.BalanceAfterHundredths).Value);
            json.WriteNumber("grams", new CarbonMass(e.Milligrams).Grams);
            json.WriteString("behaviourCode", e.BehaviourCode);
            json.WriteString("category", e.Category?.ToString());
            if (e.Quantity is { } quantity) json.WriteNumber("quantity", quantity);
            else json.WriteNull("quantity");
            json.WriteString("lineId", e.LineId);
            json.WriteString("source", e.Source);
            json.WriteString("externalEventId", e.ExternalEventId);
            json.WriteString("description", e.Description);
            json.WriteString("reference", e.Reference);
            json.WriteEndObject();
            await FlushWhenFullAsync(json, ct);
        }
    }

    private async Task WriteCouponsAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await foreach (var c in db.Coupons.AsNoTracking().Where(c => c.AccountId == accountId).OrderBy(c => c.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("id", c.Id);
            json.WriteString("code", c.Code);
            json.WriteString("titleZh", c.Title.Zh);
            json.WriteString("titleEn", c.Title.En);
            json.WriteString("kind", c.Kind.ToString());
            json.WriteNumber("faceValueFen", c.FaceValueFen);
            json.WriteString("status", c.StatusAt(now).ToString().ToLowerInvariant());
            json.WriteString("issuedAt", Utc(c.IssuedAt));
            json.WriteString("expiresAt", Utc(c.ExpiresAt));
            if (c.UsedAt is { } usedAt) json.WriteString("usedAt", Utc(usedAt));
            else json.WriteNull("usedAt");
            json.WriteString("usedLineId", c.UsedLineId);
            json.WriteString("usedVehicleId", c.UsedVehicleId);
            json.WriteEndObject();
            await FlushWhenFullAsync(json, ct);
        }
    }

    private async Task WriteRidesAsync(Utf8JsonWriter json, long accountId, CancellationToken ct)
    {
        await foreach (var r in db.Rides.AsNoTracking().Where(r => r.AccountId == accountId).OrderBy(r => r.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            json.WriteStartObject();
            json.WriteNumber("id", r.Id);
            json.WriteString("terminalId", r.TerminalId);
            json.WriteString("lineId", r.LineId);
            // Emptied by the retention clean-up once the vehicle data's period is over.
            json.WriteString("vehicleId", r.VehicleId.Length == 0 ? null : r.VehicleId);
            json.WriteString("scannedAt", Utc(r.ScannedAt));
            json.WriteString("recordedAt", Utc(r.RecordedAt));
            json.WriteNumber("fareFen", r.FareFen);
            json.WriteNumber("couponFaceValueFen", r.CouponFaceValueFen);
            json.WriteNumber("amountDueFen", r.AmountDueFen);
            json.WriteNumber("creditsEarned", new Credits(r.CreditsEarnedHundredths).Value);
            if (r.CouponId is { } couponId) json.WriteNumber("couponId", couponId);
            else json.WriteNull("couponId");
            json.WriteEndObject();
            await FlushWhenFullAsync(json, ct);
        }
    }

    /// <summary>Times are stored in UTC; the export says so.</summary>
    private static DateTime Utc(DateTime stored) => DateTime.SpecifyKind(stored, DateTimeKind.Utc);

    /// <summary>The writer buffers; past a few kilobytes its rows go on to the response.</summary>
    private static async Task FlushWhenFullAsync(Utf8JsonWriter json, CancellationToken ct)
    {
        if (json.BytesPending >= FlushEveryBytes) await json.FlushAsync(ct);
    }
}
