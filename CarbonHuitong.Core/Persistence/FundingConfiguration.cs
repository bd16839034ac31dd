using CarbonHuitong.Core.Funding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class EmissionProjectConfiguration : IEntityTypeConfiguration<EmissionProject>
{
    public void Configure(EntityTypeBuilder<EmissionProject> project)
    {
        project.HasKey(p => p.Id);
        project.Property(p => p.Name).HasMaxLength(EmissionProject.MaxNameLength);
        project.Property(p => p.Organization).HasMaxLength(EmissionProject.MaxOrganizationLength);
        project.Property(p => p.Methodology).HasMaxLength(EmissionProject.MaxMethodologyLength);
        project.Property(p => p.Scenario).HasMaxLength(EmissionProject.MaxScenarioLength);
        project.HasIndex(p => p.Organization);
    }
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

internal sealed class CouponBatchConfiguration : IEntityTypeConfiguration<CouponBatch>
{
    public void Configure(EntityTypeBuilder<CouponBatch> batch)
    {
        batch.HasKey(b => b.Id);
        batch.Ignore(b => b.FaceValue);
        batch.Ignore(b => b.TotalFaceValue);
        batch.Ignore(b => b.Price);
        batch.Ignore(b => b.Terms);
        batch.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        batch.Property(b => b.RejectionReason).HasMaxLength(CouponBatch.MaxRejectionReasonLength);
        batch.HasIndex(b => new { b.ProjectId, b.Status });
        batch.HasOne<EmissionProject>().WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}
