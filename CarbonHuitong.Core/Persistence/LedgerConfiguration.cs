using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class CarbonAccountConfiguration : IEntityTypeConfiguration<CarbonAccount>
{
    public void Configure(EntityTypeBuilder<CarbonAccount> account)
    {
        account.HasKey(a => a.Id);
        account.Property(a => a.UserId).HasMaxLength(450);
        account.HasIndex(a => a.UserId).IsUnique();
        account.HasOne<ApplicationUser>().WithOne().HasForeignKey<CarbonAccount>(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
        account.Property(a => a.FrozenReason).HasMaxLength(CarbonAccount.MaxFrozenReasonLength);
        account.ToTable(t => t.HasCheckConstraint("CK_CarbonAccounts_Balance", "\"BalanceHundredths\" >= 0"));
        account.Property(a => a.DistrictCode).HasMaxLength(Government.District.CodeLength);
        // Regional statistics count citizens by district (and when they opened and closed their accounts). No foreign key:
        // CitizenDistricts, its one writer, checks the code, and SQLite would rebuild the accounts table to add one.
        account.HasIndex(a => new { a.DistrictCode, a.OpenedAt, a.ClosedAt });
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.Ignore(e => e.Credits);
        entry.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        entry.Property(e => e.Category).HasConversion<string>().HasMaxLength(32);
        entry.Property(e => e.BehaviourCode).HasMaxLength(64);
        entry.Property(e => e.Quantity).HasPrecision(18, 2);
        entry.Property(e => e.Source).HasMaxLength(LedgerEntry.MaxSourceLength);
        entry.Property(e => e.ExternalEventId).HasMaxLength(LedgerEntry.MaxExternalEventIdLength);
        entry.Property(e => e.Description).HasMaxLength(LedgerEntry.MaxDescriptionLength);
        entry.Property(e => e.Reference).HasMaxLength(LedgerEntry.MaxReferenceLength);
        entry.Property(e => e.LineId).HasMaxLength(LedgerEntry.MaxLineIdLength);
        entry.Property(e => e.ActorUserId).HasMaxLength(450);
        entry.HasOne<CarbonAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);

        // The history page and the charts read one account by time.
        entry.HasIndex(e => new { e.AccountId, e.OccurredAt, e.Id });
        // Recording an event is idempotent per (source, external event id).
        entry.HasIndex(e => new { e.Source, e.ExternalEventId }).IsUnique()
            .HasFilter("\"ExternalEventId\" IS NOT NULL");
        // A pending earn is settled once: confirmed by one Earn or taken back by one Reverse, never both.
        entry.HasIndex(e => e.SettlesEntryId).IsUnique().HasFilter("\"SettlesEntryId\" IS NOT NULL");
        // The lifecycle job and the reports find the pending earns not yet settled, and each month's expiries and reversals.
        // Partial, so SQLite never picks it for the earns' own queries (an index on every kind turned the invariant checker's
        // same-act pairing from a lookup per account into a scan of all earns).
        entry.HasIndex(e => new { e.Kind, e.OccurredAt }).HasFilter("\"Kind\" IN ('Pending', 'Reverse', 'Expire')");
        // The lifecycle job's reminders find the settlements recorded lately.
        entry.HasIndex(e => e.RecordedAt).HasFilter("\"SettlesEntryId\" IS NOT NULL");
    }
}

internal sealed class AccountCreditYearConfiguration : IEntityTypeConfiguration<AccountCreditYear>
{
    public void Configure(EntityTypeBuilder<AccountCreditYear> year)
    {
        year.HasKey(y => new { y.AccountId, y.Year });
        year.HasOne<CarbonAccount>().WithMany().HasForeignKey(y => y.AccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CreditShortfallConfiguration : IEntityTypeConfiguration<CreditShortfall>
{
    public void Configure(EntityTypeBuilder<CreditShortfall> shortfall)
    {
        shortfall.HasKey(s => s.Id);
        shortfall.Property(s => s.Reason).HasMaxLength(LedgerEntry.MaxDescriptionLength);
        shortfall.Property(s => s.ActorUserId).HasMaxLength(450);
        shortfall.HasOne<CarbonAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Restrict);
        shortfall.HasIndex(s => s.At);
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> lease)
    {
        lease.HasKey(l => l.Name);
        lease.Property(l => l.Name).HasMaxLength(JobLease.MaxNameLength);
        lease.Property(l => l.Holder).HasMaxLength(JobLease.MaxHolderLength);
        lease.Property(l => l.Progress).HasMaxLength(JobLease.MaxProgressLength);
    }
}

internal sealed class AccountDailyReductionConfiguration : IEntityTypeConfiguration<AccountDailyReduction>
{
    public void Configure(EntityTypeBuilder<AccountDailyReduction> day)
    {
        day.HasKey(d => new { d.AccountId, d.Day, d.Category });
        day.Property(d => d.Category).HasMaxLength(32);
        day.HasOne<CarbonAccount>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Restrict);
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
