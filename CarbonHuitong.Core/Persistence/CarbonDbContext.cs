using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Transit;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CarbonHuitong.Core.Persistence;

public class CarbonDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public CarbonDbContext(DbContextOptions<CarbonDbContext> options) : base(options)
    {
    }

    /// <summary>For <see cref="PostgresCarbonDbContext"/>: the same model, its own migrations.</summary>
    protected CarbonDbContext(DbContextOptions options) : base(options)
    {
    }

    // Our writes run in one explicit transaction that fails or commits whole, so the savepoint EF would wrap around
    // each SaveChanges inside it is two statements per save on the scan path for nothing. Set at every save because
    // a pooled context is reset to EF's defaults when it goes back to the pool.
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public DbSet<CarbonAccount> CarbonAccounts => Set<CarbonAccount>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<GreenBehaviour> GreenBehaviours => Set<GreenBehaviour>();
    public DbSet<EmissionProject> EmissionProjects => Set<EmissionProject>();
    public DbSet<CouponBatch> CouponBatches => Set<CouponBatch>();
    public DbSet<MallItem> MallItems => Set<MallItem>();
    public DbSet<Coupon> Coupons => Set<Coupon>();
    public DbSet<RideCodeKey> RideCodeKeys => Set<RideCodeKey>();
    public DbSet<Terminal> Terminals => Set<Terminal>();
    public DbSet<Ride> Rides => Set<Ride>();
    public DbSet<ReductionIssuance> ReductionIssuances => Set<ReductionIssuance>();
    public DbSet<CarbonSale> CarbonSales => Set<CarbonSale>();
    public DbSet<BehaviourFactor> BehaviourFactors => Set<BehaviourFactor>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DailyReduction> DailyReductions => Set<DailyReduction>();
    public DbSet<AccountDailyReduction> AccountDailyReductions => Set<AccountDailyReduction>();
    public DbSet<SpentRefreshToken> SpentRefreshTokens => Set<SpentRefreshToken>();
    public DbSet<DuplicateReport> DuplicateReports => Set<DuplicateReport>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<PartnerSecret> PartnerSecrets => Set<PartnerSecret>();
    public DbSet<PartnerLink> PartnerLinks => Set<PartnerLink>();
    public DbSet<PartnerLinkCode> PartnerLinkCodes => Set<PartnerLinkCode>();
    public DbSet<PartnerEvent> PartnerEvents => Set<PartnerEvent>();
    public DbSet<PartnerDailyCount> PartnerDailyCounts => Set<PartnerDailyCount>();
    public DbSet<AccountCreditYear> AccountCreditYears => Set<AccountCreditYear>();
    public DbSet<CreditShortfall> CreditShortfalls => Set<CreditShortfall>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Claims.Claim> Claims => Set<Claims.Claim>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<Government.District> Districts => Set<Government.District>();
    public DbSet<Government.DistrictMonthReduction> DistrictMonthReductions => Set<Government.DistrictMonthReduction>();
    public DbSet<Government.AccountMonthActivity> AccountMonthActivities => Set<Government.AccountMonthActivity>();
    public DbSet<Government.ActivitySpan> ActivitySpans => Set<Government.ActivitySpan>();
    public DbSet<Government.ActiveCitizenCount> ActiveCitizenCounts => Set<Government.ActiveCitizenCount>();
    public DbSet<Government.RegisteredCitizenMonth> RegisteredCitizenMonths => Set<Government.RegisteredCitizenMonth>();

    /// <summary>The Data Protection key ring, each key encrypted to a certificate kept outside the database (<see cref="Secrets.KeyRing"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Every instant is stored in UTC; SQLite forgets the kind, so it is put back on the way out.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CarbonDbContext).Assembly);
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc),
    stored => DateTime.SpecifyKind(stored, DateTimeKind.Utc));
