using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class RideCodeKeyConfiguration : IEntityTypeConfiguration<RideCodeKey>
{
    public void Configure(EntityTypeBuilder<RideCodeKey> key)
    {
        key.HasKey(k => k.KeyId);
        key.Property(k => k.KeyId).HasMaxLength(32);
        key.Property(k => k.Algorithm).HasMaxLength(16);
    }
}

internal sealed class TerminalConfiguration : IEntityTypeConfiguration<Terminal>
{
    public void Configure(EntityTypeBuilder<Terminal> terminal)
    {
        terminal.HasKey(t => t.Id);
        terminal.Property(t => t.Id).HasMaxLength(64);
        terminal.Property(t => t.LineId).HasMaxLength(Terminal.MaxLineIdLength);
        terminal.Property(t => t.Name).HasMaxLength(Terminal.MaxNameLength);
        terminal.Property(t => t.KeyHash).HasMaxLength(32);
        terminal.HasIndex(t => t.KeyHash).IsUnique();
    }
}

internal sealed class RideConfiguration : IEntityTypeConfiguration<Ride>
{
    public void Configure(EntityTypeBuilder<Ride> ride)
    {
        ride.HasKey(r => r.Id);
        ride.Property(r => r.TerminalId).HasMaxLength(64);
        ride.Property(r => r.ScanId).HasMaxLength(Ride.MaxIdLength);
        ride.Property(r => r.CodeNonce).HasMaxLength(32);
        ride.Property(r => r.LineId).HasMaxLength(Ride.MaxIdLength);
        ride.Property(r => r.VehicleId).HasMaxLength(Ride.MaxIdLength);
        ride.HasOne<Terminal>().WithMany().HasForeignKey(r => r.TerminalId).OnDelete(DeleteBehavior.Restrict);
        ride.HasOne<CarbonAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
        ride.HasOne<LedgerEntry>().WithOne().HasForeignKey<Ride>(r => r.EarnEntryId).OnDelete(DeleteBehavior.Restrict);
        ride.HasOne<Coupon>().WithOne().HasForeignKey<Ride>(r => r.CouponId).OnDelete(DeleteBehavior.Restrict);

        // A validator's retry finds its ride; a ride code rides once, whichever validator reads it.
        ride.HasIndex(r => new { r.TerminalId, r.ScanId }).IsUnique();
        ride.HasIndex(r => new { r.AccountId, r.CodeNonce }).IsUnique();
        // Only the rides a coupon paid: the closed-loop report reads them (and a coupon rides once) without the rest.
        ride.HasIndex(r => r.CouponId).IsUnique().HasFilter("\"CouponId\" IS NOT NULL");
        ride.ToTable(t => t.HasCheckConstraint("CK_Rides_AmountDue", "\"AmountDueFen\" >= 0"));
    }
}
