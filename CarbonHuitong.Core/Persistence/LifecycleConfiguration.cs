using CarbonHuitong.Core.Claims;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        notification.Property(n => n.FactKey).HasMaxLength(Notification.MaxFactKeyLength);
        notification.Property(n => n.Subject).HasMaxLength(Notification.MaxSubjectLength);
        notification.Property(n => n.Detail).HasMaxLength(Notification.MaxDetailLength);
        notification.HasOne<CarbonAccount>().WithMany().HasForeignKey(n => n.AccountId).OnDelete(DeleteBehavior.Restrict);
        // One notification per fact: the job that finds facts may run any number of times.
        notification.HasIndex(n => new { n.AccountId, n.FactKey }).IsUnique();
        // The bell counts unread ones, the list pages newest first.
        notification.HasIndex(n => new { n.AccountId, n.ReadAt });
        notification.HasIndex(n => new { n.AccountId, n.CreatedAt, n.Id });
        notification.HasIndex(n => n.DeliveredAt);
    }
}

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> claim)
    {
        claim.HasKey(c => c.Id);
        claim.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        claim.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        claim.Property(c => c.Place).HasMaxLength(Claim.MaxPlaceLength);
        claim.Property(c => c.Note).HasMaxLength(Claim.MaxNoteLength);
        claim.Property(c => c.BehaviourCode).HasMaxLength(64);
        claim.Property(c => c.PartnerCode).HasMaxLength(32);
        claim.Property(c => c.PartnerEventId).HasMaxLength(LedgerEntry.MaxExternalEventIdLength);
        claim.Property(c => c.RequestId).HasMaxLength(Claim.MaxRequestIdLength);
        claim.Property(c => c.DecidedByUserId).HasMaxLength(450);
        claim.Property(c => c.DecisionReason).HasMaxLength(Claim.MaxReasonLength);
        claim.HasOne<CarbonAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        claim.HasIndex(c => new { c.AccountId, c.RequestId }).IsUnique();
        claim.HasIndex(c => new { c.Status, c.SubmittedAt });
        claim.HasIndex(c => new { c.AccountId, c.SubmittedAt });
    }
}
