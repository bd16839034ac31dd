using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Persistence;

public sealed class CarbonDbContext(DbContextOptions<CarbonDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<CarbonAccount> CarbonAccounts => Set<CarbonAccount>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<GreenBehaviour> GreenBehaviours => Set<GreenBehaviour>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CarbonDbContext).Assembly);
    }
}
