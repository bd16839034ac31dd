using CarbonHuitong.Core.Transit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
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

internal sealed class MallItemConfiguration : IEntityTypeConfiguration<MallItem>
{
    public void Configure(EntityTypeBuilder<MallItem> item)
    {
        item.HasKey(i => i.Id);
        item.Ignore(i => i.Price);
        item.Ignore(i => i.FaceValue);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(32);
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        item.Property(i => i.Title).HasMaxLength(MallItem.MaxTitleLength);
        item.Property(i => i.Description).HasMaxLength(MallItem.MaxDescriptionLength);
        item.Property(i => i.ImageUrl).HasMaxLength(MallItem.MaxImageUrlLength);
        // One shelf item per batch, so the coupons sold never outnumber the coupons paid for.
        item.HasOne<CouponBatch>().WithOne().HasForeignKey<MallItem>(i => i.BatchId).OnDelete(DeleteBehavior.Restrict);
        item.ToTable(t => t.HasCheckConstraint("CK_MallItems_StockLeft", "\"StockLeft\" >= 0"));
    }
}

internal sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> coupon)
    {
        coupon.HasKey(c => c.Id);
        coupon.Ignore(c => c.FaceValue);
        coupon.Property(c => c.Code).HasMaxLength(Coupon.CodeLength);
        coupon.Property(c => c.Kind).HasConversion<string>().HasMaxLength(32);
        coupon.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        coupon.Property(c => c.Title).HasMaxLength(MallItem.MaxTitleLength);
        coupon.Property(c => c.RequestId).HasMaxLength(RedemptionService.MaxRequestIdLength);
        coupon.Property(c => c.UsedLineId).HasMaxLength(Ride.MaxIdLength);
        coupon.Property(c => c.UsedVehicleId).HasMaxLength(Ride.MaxIdLength);
        coupon.HasOne<CarbonAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        coupon.HasOne<MallItem>().WithMany().HasForeignKey(c => c.MallItemId).OnDelete(DeleteBehavior.Restrict);
        coupon.HasOne<LedgerEntry>().WithOne().HasForeignKey<Coupon>(c => c.SpendEntryId).OnDelete(DeleteBehavior.Restrict);

        coupon.HasIndex(c => c.Code).IsUnique();
        // A retried redemption finds its coupon by the client's request id.
        coupon.HasIndex(c => new { c.AccountId, c.RequestId }).IsUnique();
        // The wallet, the unused count and the ride's pick of the coupon expiring soonest.
        coupon.HasIndex(c => new { c.AccountId, c.Status, c.ExpiresAt });
        coupon.HasIndex(c => new { c.AccountId, c.MallItemId, c.IssuedAt });
    }
}
