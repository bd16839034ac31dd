using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class MallItemConfiguration : IEntityTypeConfiguration<MallItem>
{
    public void Configure(EntityTypeBuilder<MallItem> item)
    {
        item.HasKey(i => i.Id);
        item.Ignore(i => i.Price);
        item.Ignore(i => i.FaceValue);
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(32);
        item.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        item.HasBilingual(i => i.Title, "Title", MallItem.MaxTitleLength);
        item.HasBilingual(i => i.Description, "Description", MallItem.MaxDescriptionLength);
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
        coupon.HasBilingual(c => c.Title, "Title", MallItem.MaxTitleLength);
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
        // The lifecycle job's reminders: coupons about to expire, and those used at a ride lately.
        coupon.HasIndex(c => new { c.Status, c.ExpiresAt });
        coupon.HasIndex(c => c.UsedAt);
    }
}
