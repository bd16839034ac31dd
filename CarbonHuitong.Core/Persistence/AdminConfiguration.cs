using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user) => user.Property(u => u.Organization).HasMaxLength(ApplicationUser.MaxOrganizationLength);
}

internal sealed class ReductionIssuanceConfiguration : IEntityTypeConfiguration<ReductionIssuance>
{
    public void Configure(EntityTypeBuilder<ReductionIssuance> issuance)
    {
        issuance.HasKey(i => i.Id);
        issuance.Property(i => i.SerialNumbers).HasMaxLength(ReductionIssuance.MaxSerialNumbersLength);
        issuance.HasOne<EmissionProject>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CarbonSaleConfiguration : IEntityTypeConfiguration<CarbonSale>
{
    public void Configure(EntityTypeBuilder<CarbonSale> sale)
    {
        sale.HasKey(s => s.Id);
        sale.Property(s => s.Buyer).HasMaxLength(CarbonSale.MaxBuyerLength);
        sale.HasOne<EmissionProject>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BehaviourFactorConfiguration : IEntityTypeConfiguration<BehaviourFactor>
{
    public void Configure(EntityTypeBuilder<BehaviourFactor> factor)
    {
        factor.HasKey(f => f.Id);
        factor.Property(f => f.BehaviourCode).HasMaxLength(64);
        factor.Property(f => f.Source).HasMaxLength(BehaviourFactor.MaxSourceLength);
        factor.HasOne<GreenBehaviour>().WithMany().HasForeignKey(f => f.BehaviourCode).OnDelete(DeleteBehavior.Restrict);
        factor.HasIndex(f => new { f.BehaviourCode, f.EffectiveFrom });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.Property(e => e.ActorUserId).HasMaxLength(450);
        entry.Property(e => e.ActorEmail).HasMaxLength(256);
        entry.Property(e => e.Action).HasMaxLength(64);
        entry.Property(e => e.EntityType).HasMaxLength(64);
        entry.Property(e => e.EntityId).HasMaxLength(128);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Action, e.At });
    }
}

internal sealed class DailyReductionConfiguration : IEntityTypeConfiguration<DailyReduction>
{
    public void Configure(EntityTypeBuilder<DailyReduction> day)
    {
        day.HasKey(d => new { d.Day, d.BehaviourCode, d.Slot });
        day.Property(d => d.BehaviourCode).HasMaxLength(64);
        day.Property(d => d.Category).HasMaxLength(32);
    }
}
