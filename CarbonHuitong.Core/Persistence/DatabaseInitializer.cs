using CarbonHuitong.Core.Behaviours;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

/// <summary>Brings a database file up to date at start-up: an owner-only file, migrations, WAL, roles and the published methodology.</summary>
public sealed class DatabaseInitializer(CarbonDbContext db)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (db.Database.IsSqlite()) SqliteStore.CreateOwnerOnlyFile(db.Database.GetConnectionString()!);
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);

        var roles = await db.Roles.Select(r => r.Name!).ToListAsync(ct);
        foreach (var role in Roles.All.Except(roles))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }

        var known = await db.GreenBehaviours.Select(b => b.Code).ToListAsync(ct);
        db.GreenBehaviours.AddRange(Methodology.Published().Where(b => !known.Contains(b.Code)));
        await db.SaveChangesAsync(ct);
    }
}
