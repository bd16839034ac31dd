using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> partner)
    {
        partner.HasKey(p => p.Code);
        partner.Property(p => p.Code).HasMaxLength(Partner.MaxCodeLength);
        partner.HasBilingual(p => p.Name, "Name", Partner.MaxNameLength);
        partner.Property(p => p.Status).HasConversion<string>().HasMaxLength(16);
        partner.Ignore(p => p.LedgerSource);
        partner.HasMany(p => p.Behaviours).WithOne().HasForeignKey(b => b.PartnerCode).OnDelete(DeleteBehavior.Cascade);
        partner.Navigation(p => p.Behaviours).HasField("_behaviours").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class PartnerBehaviourConfiguration : IEntityTypeConfiguration<PartnerBehaviour>
{
    public void Configure(EntityTypeBuilder<PartnerBehaviour> behaviour)
    {
        behaviour.ToTable("PartnerBehaviours");
        behaviour.HasKey(b => new { b.PartnerCode, b.BehaviourCode });
        behaviour.Property(b => b.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        behaviour.Property(b => b.BehaviourCode).HasMaxLength(64);
        behaviour.HasOne<GreenBehaviour>().WithMany().HasForeignKey(b => b.BehaviourCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerSecretConfiguration : IEntityTypeConfiguration<PartnerSecret>
{
    public void Configure(EntityTypeBuilder<PartnerSecret> secret)
    {
        secret.HasKey(s => s.Id);
        secret.Ignore(s => s.IsActive);
        secret.Property(s => s.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        secret.HasOne<Partner>().WithMany().HasForeignKey(s => s.PartnerCode).OnDelete(DeleteBehavior.Restrict);
        secret.HasIndex(s => new { s.PartnerCode, s.RetiredAt });
    }
}

internal sealed class PartnerLinkConfiguration : IEntityTypeConfiguration<PartnerLink>
{
    public void Configure(EntityTypeBuilder<PartnerLink> link)
    {
        link.HasKey(l => l.Id);
        link.Ignore(l => l.IsActive);
        link.Property(l => l.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        link.Property(l => l.PartnerUserId).HasMaxLength(PartnerLink.MaxPartnerUserIdLength);
        link.HasOne<Partner>().WithMany().HasForeignKey(l => l.PartnerCode).OnDelete(DeleteBehavior.Restrict);
        link.HasOne<CarbonAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Restrict);
        // A partner user belongs to one citizen; a citizen has at most one active link per partner.
        link.HasIndex(l => new { l.PartnerCode, l.PartnerUserId }).IsUnique();
        link.HasIndex(l => new { l.AccountId, l.PartnerCode }).IsUnique().HasFilter("\"RevokedAt\" IS NULL");
        // The lifecycle job's reminders: links made or revoked lately.
        link.HasIndex(l => l.LinkedAt);
        link.HasIndex(l => l.RevokedAt);
    }
}

internal sealed class PartnerLinkCodeConfiguration : IEntityTypeConfiguration<PartnerLinkCode>
{
    public void Configure(EntityTypeBuilder<PartnerLinkCode> code)
    {
        code.HasKey(c => c.CodeHash);
        code.Property(c => c.CodeHash).HasMaxLength(32);
        code.Property(c => c.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        code.Property(c => c.RedeemedFor).HasMaxLength(PartnerLink.MaxPartnerUserIdLength);
        code.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerCode).OnDelete(DeleteBehavior.Restrict);
        code.HasOne<CarbonAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Restrict);
        code.HasIndex(c => c.ExpiresAt);
    }
}

internal sealed class PartnerEventConfiguration : IEntityTypeConfiguration<PartnerEvent>
{
    public void Configure(EntityTypeBuilder<PartnerEvent> e)
    {
        e.HasKey(x => x.Id);
        e.Property(x => x.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        e.Property(x => x.EventId).HasMaxLength(PartnerEvent.MaxEventIdLength);
        e.Property(x => x.PartnerUserId).HasMaxLength(PartnerLink.MaxPartnerUserIdLength);
        e.Property(x => x.BehaviourCode).HasMaxLength(PartnerEvent.MaxBehaviourCodeLength);
        e.Property(x => x.Quantity).HasPrecision(24, 6);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Code).HasMaxLength(32);
        e.HasOne<Partner>().WithMany().HasForeignKey(x => x.PartnerCode).OnDelete(DeleteBehavior.Restrict);
        // A resend is found by (partner, event id); the reconciliation reads a partner's day; a purge finds a user's events.
        e.HasIndex(x => new { x.PartnerCode, x.EventId }).IsUnique();
        e.HasIndex(x => new { x.PartnerCode, x.OccurredAt });
        e.HasIndex(x => new { x.PartnerCode, x.PartnerUserId });
        e.HasIndex(x => x.ReceivedAt);
    }
}

internal sealed class PartnerDailyCountConfiguration : IEntityTypeConfiguration<PartnerDailyCount>
{
    public void Configure(EntityTypeBuilder<PartnerDailyCount> count)
    {
        count.HasKey(c => new { c.PartnerCode, c.Day, c.Status, c.Code });
        count.Property(c => c.PartnerCode).HasMaxLength(Partner.MaxCodeLength);
        count.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        count.Property(c => c.Code).HasMaxLength(32);
        count.HasIndex(c => c.Day);
    }
}

internal sealed class DuplicateReportConfiguration : IEntityTypeConfiguration<DuplicateReport>
{
    public void Configure(EntityTypeBuilder<DuplicateReport> report)
    {
        report.HasKey(r => r.Id);
        report.Property(r => r.BehaviourCode).HasMaxLength(64);
        report.Property(r => r.Source).HasMaxLength(LedgerEntry.MaxSourceLength);
        report.Property(r => r.ExternalEventId).HasMaxLength(LedgerEntry.MaxExternalEventIdLength);
        report.HasOne<LedgerEntry>().WithMany().HasForeignKey(r => r.EntryId).OnDelete(DeleteBehavior.Restrict);
        report.HasOne<CarbonAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Restrict);
        report.HasIndex(r => new { r.Source, r.ExternalEventId }).IsUnique();
        report.HasIndex(r => r.EntryId);
    }
}
