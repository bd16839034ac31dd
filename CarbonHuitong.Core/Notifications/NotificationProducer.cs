using System.Globalization;
using System.Text;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Notifications;

/// <summary>The fact keys: what makes each fact one notification for its account, however often it is found.</summary>
public static class FactKeys
{
    public const string CreditsExpiringPrefix = "credits-expiring/";
    public const string CouponExpiringPrefix = "coupon-expiring/";
    public const string CouponUsedPrefix = "coupon-used/";
    public const string PendingConfirmedPrefix = "pending-confirmed/";
    public const string PendingReversedPrefix = "pending-reversed/";
    public const string PartnerLinkedPrefix = "partner-linked/";
    public const string PartnerRevokedPrefix = "partner-revoked/";

    /// <param name="earnedThroughYear">The year whose credits expire (as the Expire entry's reference names it).</param>
    public static string CreditsExpiring(int earnedThroughYear) => CreditsExpiringPrefix + earnedThroughYear.ToString(CultureInfo.InvariantCulture);

    /// <summary>A link's consent given (or withdrawn) at an instant: a link renewed after a revocation is told again.</summary>
    public static string PartnerLink(string prefix, long linkId, DateTime atUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{linkId}/{atUtc:yyyyMMddHHmmss}");
}

/// <summary>
/// Finds what citizens should be told and makes one notification per fact: credits that expire at the next cutoff,
/// unused coupons about to expire, coupons used at a ride, pending credits confirmed or reversed, partners linked or
/// revoked. Each kind is read in pages (keyset, in the database, leaving out facts already told and closed accounts),
/// outside any write turn; each page is written with one INSERT … ON CONFLICT ("AccountId", "FactKey") DO NOTHING in
/// a short write transaction, so a second run, or a second producer racing this one, makes none twice.
/// </summary>
public sealed partial class NotificationProducer(CarbonDbContext db, IOptions<NotificationOptions> options, IOptions<ExpiryOptions> expiry,
    TimeProvider clock, ILogger<NotificationProducer> logger)
{
    private sealed record Fact(long Key, long AccountId, NotificationKind Kind, string FactKey, long? CreditHundredths = null,
        long? FaceValueFen = null, DateOnly? Day = null, string? Subject = null, string? Detail = null);

    /// <returns>How many notifications it made.</returns>
    public async Task<int> ProduceAsync(CancellationToken ct = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-settings.LookbackDays);
        var made = new List<(NotificationKind Kind, int Count)>
        {
            (NotificationKind.CreditsExpiring, await CreditsExpiringAsync(now, settings, ct)),
            (NotificationKind.CouponExpiring, await InPagesAsync(now, settings, (after, size) => CouponsExpiringAsync(after, size, now, settings), ct)),
            (NotificationKind.CouponUsed, await InPagesAsync(now, settings, (after, size) => CouponsUsedAsync(after, size, since), ct)),
            (NotificationKind.PendingConfirmed, await InPagesAsync(now, settings,
                (after, size) => SettlementsAsync(after, size, since, LedgerEntryKind.Earn, NotificationKind.PendingConfirmed, FactKeys.PendingConfirmedPrefix), ct)),
            (NotificationKind.PendingReversed, await InPagesAsync(now, settings,
                (after, size) => SettlementsAsync(after, size, since, LedgerEntryKind.Reverse, NotificationKind.PendingReversed, FactKeys.PendingReversedPrefix), ct)),
            (NotificationKind.PartnerLinked, await InPagesAsync(now, settings, (after, size) => LinksAsync(after, size, since), ct)),
            (NotificationKind.PartnerRevoked, await InPagesAsync(now, settings, (after, size) => RevocationsAsync(after, size, since), ct)),
        };
        var total = made.Sum(m => m.Count);
        if (total > 0) Made(total, string.Join(", ", made.Where(m => m.Count > 0).Select(m => $"{m.Kind} {m.Count}")));
        return total;
    }

    private async Task<int> InPagesAsync(DateTime now, NotificationOptions settings, Func<long, int, Task<List<Fact>>> page, CancellationToken ct)
    {
        long after = 0;
        var made = 0;
        while (true)
        {
            var facts = await page(after, settings.BatchSize);
            if (facts.Count == 0) return made;
            after = facts[^1].Key;
            made += await InsertAsync(facts, now, ct);
            if (facts.Count < settings.BatchSize) return made;
        }
    }

    private sealed class DueRow
    {
        public long AccountId { get; init; }
        public long Due { get; init; }
        public long Balance { get; init; }
    }

    /// <summary>
    /// What expires at the next cutoff if nothing more is spent, as the expiry job will compute it then (credits in
    /// through the year − everything out up to the cutoff, from the per-year rollup), at most the balance.
    /// </summary>
    private async Task<int> CreditsExpiringAsync(DateTime now, NotificationOptions settings, CancellationToken ct)
    {
        var policy = new ExpiryPolicy(expiry.Value.ValidYears);
        var year = policy.LastYearDue(now) + 1;
        if (policy.CutoffUtc(year) > now.AddDays(settings.CreditReminderDays)) return 0;
        var closes = year + policy.ValidYears;
        var key = FactKeys.CreditsExpiring(year);
        var lastDay = policy.LastDay(year);
        return await InPagesAsync(now, settings, async (after, size) =>
        {
            var due = await db.Database.SqlQuery<DueRow>($"""
                SELECT y."AccountId", CAST(SUM(CASE WHEN y."Year" <= {year} THEN y."InHundredths" ELSE 0 END) - SUM(y."OutHundredths") AS BIGINT) AS "Due",
                    a."BalanceHundredths" AS "Balance"
                FROM "AccountCreditYears" AS y JOIN "CarbonAccounts" AS a ON a."Id" = y."AccountId"
                WHERE y."Year" <= {closes} AND y."AccountId" > {after} AND a."ClosedAt" IS NULL AND a."BalanceHundredths" > 0
                    AND NOT EXISTS (SELECT 1 FROM "Notifications" AS n WHERE n."AccountId" = y."AccountId" AND n."FactKey" = {key})
                GROUP BY y."AccountId", a."BalanceHundredths"
                HAVING SUM(CASE WHEN y."Year" <= {year} THEN y."InHundredths" ELSE 0 END) - SUM(y."OutHundredths") > 0
                ORDER BY y."AccountId"
                LIMIT {size}
                """).ToListAsync(ct);
            return due.Select(d => new Fact(d.AccountId, d.AccountId, NotificationKind.CreditsExpiring, key,
                CreditHundredths: Math.Min(d.Due, d.Balance), Day: lastDay)).ToList();
        }, ct);
    }

    private IQueryable<long> OpenAccounts => db.CarbonAccounts.Where(a => a.ClosedAt == null).Select(a => a.Id);

    private async Task<List<Fact>> CouponsExpiringAsync(long after, int size, DateTime now, NotificationOptions settings)
    {
        var until = now.AddDays(settings.CouponReminderDays);
        var coupons = await db.Coupons.AsNoTracking()
            .Where(c => c.Id > after && c.Status == CouponStatus.Unused && c.ExpiresAt > now && c.ExpiresAt <= until)
            .Where(c => OpenAccounts.Contains(c.AccountId))
            .Where(c => !db.Notifications.Any(n => n.AccountId == c.AccountId && n.FactKey == FactKeys.CouponExpiringPrefix + c.Code))
            .OrderBy(c => c.Id).Take(size)
            .Select(c => new { c.Id, c.AccountId, c.Code, c.FaceValueFen, c.ExpiresAt })
            .ToListAsync();
        return coupons.Select(c => new Fact(c.Id, c.AccountId, NotificationKind.CouponExpiring, FactKeys.CouponExpiringPrefix + c.Code,
            FaceValueFen: c.FaceValueFen, Day: PlatformTime.LastChinaDayBefore(c.ExpiresAt), Subject: c.Code)).ToList();
    }

    private async Task<List<Fact>> CouponsUsedAsync(long after, int size, DateTime since)
    {
        var coupons = await db.Coupons.AsNoTracking()
            .Where(c => c.Id > after && c.Status == CouponStatus.Used && c.UsedAt >= since)
            .Where(c => OpenAccounts.Contains(c.AccountId))
            .Where(c => !db.Notifications.Any(n => n.AccountId == c.AccountId && n.FactKey == FactKeys.CouponUsedPrefix + c.Code))
            .OrderBy(c => c.Id).Take(size)
            .Select(c => new { c.Id, c.AccountId, c.Code, c.FaceValueFen, c.UsedLineId })
            .ToListAsync();
        return coupons.Select(c => new Fact(c.Id, c.AccountId, NotificationKind.CouponUsed, FactKeys.CouponUsedPrefix + c.Code,
            FaceValueFen: c.FaceValueFen, Subject: c.Code, Detail: string.IsNullOrEmpty(c.UsedLineId) ? null : c.UsedLineId)).ToList();
    }

    /// <summary>The entries that settled a pending earn: an Earn that confirmed it, or a Reverse that took it back.</summary>
    private async Task<List<Fact>> SettlementsAsync(long after, int size, DateTime since, LedgerEntryKind settledBy, NotificationKind kind, string prefix)
    {
        var entries = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Id > after && e.SettlesEntryId != null && e.Kind == settledBy && e.RecordedAt >= since)
            .Where(e => OpenAccounts.Contains(e.AccountId))
            .Where(e => !db.Notifications.Any(n => n.AccountId == e.AccountId && n.FactKey == prefix + e.Id.ToString()))
            .OrderBy(e => e.Id).Take(size)
            .Select(e => new { e.Id, e.AccountId, e.PendingHundredths, e.Source })
            .ToListAsync();
        // The settling entry carries the held amount negated.
        return entries.Select(e => new Fact(e.Id, e.AccountId, kind, prefix + e.Id.ToString(CultureInfo.InvariantCulture),
            CreditHundredths: -e.PendingHundredths, Subject: Partner.CodeOfSource(e.Source))).ToList();
    }

    /// <summary>Links whose consent was given within the lookback and not told since (a renewed link is told again).</summary>
    private async Task<List<Fact>> LinksAsync(long after, int size, DateTime since)
    {
        var links = await db.PartnerLinks.AsNoTracking()
            .Where(l => l.Id > after && l.LinkedAt >= since)
            .Where(l => OpenAccounts.Contains(l.AccountId))
            .Where(l => !db.Notifications.Any(n => n.AccountId == l.AccountId && n.Kind == NotificationKind.PartnerLinked
                && n.Subject == l.PartnerCode && n.CreatedAt >= l.LinkedAt))
            .OrderBy(l => l.Id).Take(size)
            .Select(l => new { l.Id, l.AccountId, l.PartnerCode, l.LinkedAt })
            .ToListAsync();
        return links.Select(l => new Fact(l.Id, l.AccountId, NotificationKind.PartnerLinked,
            FactKeys.PartnerLink(FactKeys.PartnerLinkedPrefix, l.Id, l.LinkedAt), Subject: l.PartnerCode)).ToList();
    }

    private async Task<List<Fact>> RevocationsAsync(long after, int size, DateTime since)
    {
        var links = await db.PartnerLinks.AsNoTracking()
            .Where(l => l.Id > after && l.RevokedAt != null && l.RevokedAt >= since)
            .Where(l => OpenAccounts.Contains(l.AccountId))
            .Where(l => !db.Notifications.Any(n => n.AccountId == l.AccountId && n.Kind == NotificationKind.PartnerRevoked
                && n.Subject == l.PartnerCode && n.CreatedAt >= l.RevokedAt))
            .OrderBy(l => l.Id).Take(size)
            .Select(l => new { l.Id, l.AccountId, l.PartnerCode, RevokedAt = l.RevokedAt!.Value })
            .ToListAsync();
        return links.Select(l => new Fact(l.Id, l.AccountId, NotificationKind.PartnerRevoked,
            FactKeys.PartnerLink(FactKeys.PartnerRevokedPrefix, l.Id, l.RevokedAt), Subject: l.PartnerCode)).ToList();
    }

    /// <summary>
    /// One statement for the page, in (account, key) order so that two producers on PostgreSQL take the unique index's
    /// locks in the same order. A fact told meanwhile, by another producer, is skipped by the unique index.
    /// </summary>
    /// <returns>How many rows went in.</returns>
    private async Task<int> InsertAsync(IReadOnlyList<Fact> facts, DateTime now, CancellationToken ct)
    {
        var sql = new StringBuilder("""
            INSERT INTO "Notifications" ("AccountId", "Kind", "FactKey", "CreditHundredths", "FaceValueFen", "Day", "Subject", "Detail", "CreatedAt")
            VALUES
            """);
        var parameters = new List<object>();
        var first = true;
        foreach (var fact in facts.OrderBy(f => f.AccountId).ThenBy(f => f.FactKey, StringComparer.Ordinal))
        {
            var row = Notification.Of(fact.AccountId, fact.Kind, fact.FactKey, now, fact.CreditHundredths, fact.FaceValueFen, fact.Day, fact.Subject, fact.Detail);
            sql.Append(first ? "\n(" : ",\n(");
            first = false;
            object?[] cells = [row.AccountId, row.Kind.ToString(), row.FactKey, row.CreditHundredths, row.FaceValueFen, row.Day, row.Subject, row.Detail, row.CreatedAt];
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) sql.Append(", ");
                // A NULL literal takes its column's type; a null parameter would have none on PostgreSQL.
                if (cells[i] is not { } value)
                {
                    sql.Append("NULL");
                    continue;
                }
                sql.Append('{').Append(parameters.Count).Append('}');
                parameters.Add(value);
            }
            sql.Append(')');
        }
        sql.Append("\nON CONFLICT (\"AccountId\", \"FactKey\") DO NOTHING");
        return await db.InWriteTransactionAsync(() => db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notifications: {Total} made ({ByKind})")]
    private partial void Made(int total, string byKind);
}
