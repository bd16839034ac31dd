using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

/// <summary>
/// Leases on scheduled jobs, taken with one conditional upsert that works the same on SQLite and PostgreSQL: a
/// server holds a job until its lease expires or it lets go, so two servers never run the same job at once.
/// </summary>
public static class JobLeases
{
    /// <returns>True when <paramref name="holder"/> now holds the lease until <paramref name="untilUtc"/>.</returns>
    public static async Task<bool> TryAcquireAsync(CarbonDbContext db, string name, string holder, DateTime nowUtc, DateTime untilUtc,
        CancellationToken ct = default)
    {
        var taken = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "JobLeases" ("Name", "Holder", "ExpiresAt") VALUES ({name}, {holder}, {untilUtc})
            ON CONFLICT ("Name") DO UPDATE SET "Holder" = excluded."Holder", "ExpiresAt" = excluded."ExpiresAt"
            WHERE "JobLeases"."ExpiresAt" <= {nowUtc} OR "JobLeases"."Holder" = {holder}
            """, ct);
        return taken == 1;
    }

    /// <summary>Lets go of the lease, if <paramref name="holder"/> still holds it, so the next run need not wait for it to expire.</summary>
    public static Task ReleaseAsync(CarbonDbContext db, string name, string holder, DateTime nowUtc, CancellationToken ct = default) =>
        db.Database.ExecuteSqlAsync($"""
            UPDATE "JobLeases" SET "ExpiresAt" = {nowUtc} WHERE "Name" = {name} AND "Holder" = {holder}
            """, ct);

    /// <summary>What the job last said it finished, or null.</summary>
    public static Task<string?> ProgressAsync(CarbonDbContext db, string name, CancellationToken ct = default) =>
        db.JobLeases.AsNoTracking().Where(l => l.Name == name).Select(l => l.Progress).SingleOrDefaultAsync(ct);

    public static Task SetProgressAsync(CarbonDbContext db, string name, string progress, CancellationToken ct = default) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO "JobLeases" ("Name", "Holder", "ExpiresAt", "Progress") VALUES ({name}, '', {DateTime.UnixEpoch}, {progress})
            ON CONFLICT ("Name") DO UPDATE SET "Progress" = excluded."Progress"
            """, ct);
}
