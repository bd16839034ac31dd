using CarbonHuitong.Core.Government;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> district)
    {
        district.HasKey(d => d.Code);
        district.Property(d => d.Code).HasMaxLength(District.CodeLength);
        district.Property(d => d.NameZh).HasMaxLength(District.MaxNameLength);
        district.Property(d => d.NameEn).HasMaxLength(District.MaxNameLength);
        district.HasData(DistrictCatalogue.All.Select(d => new { d.Code, d.NameZh, d.NameEn, d.IsCounty }));
    }
}

internal sealed class DistrictMonthReductionConfiguration : IEntityTypeConfiguration<DistrictMonthReduction>
{
    public void Configure(EntityTypeBuilder<DistrictMonthReduction> month)
    {
        month.HasKey(m => new { m.Month, m.DistrictCode, m.BehaviourCode, m.Slot });
        month.Property(m => m.DistrictCode).HasMaxLength(District.CodeLength);
        month.Property(m => m.BehaviourCode).HasMaxLength(64);
        month.Property(m => m.Category).HasMaxLength(32);
    }
}

internal sealed class AccountMonthActivityConfiguration : IEntityTypeConfiguration<AccountMonthActivity>
{
    public void Configure(EntityTypeBuilder<AccountMonthActivity> activity)
    {
        // Month first, and every column a count groups or filters by in the key, so counting a period's citizens
        // reads a range of the key's index and nothing else. The category follows from the behaviour; it is in the
        // key only so that the index covers it.
        activity.HasKey(a => new { a.Month, a.Category, a.BehaviourCode, a.DistrictCode, a.AccountId });
        activity.Property(a => a.DistrictCode).HasMaxLength(District.CodeLength);
        activity.Property(a => a.BehaviourCode).HasMaxLength(64);
        activity.Property(a => a.Category).HasMaxLength(32);
        // No foreign key to the account: its id is read from the account's row in the statement that writes it, and the
        // key's index on the account that a foreign key brings would be one more index for every earn to keep.
    }
}

internal sealed class ActivitySpanConfiguration : IEntityTypeConfiguration<ActivitySpan>
{
    public void Configure(EntityTypeBuilder<ActivitySpan> span)
    {
        // Scope and account first: counting a span looks up the account's months in its scope on either side.
        span.HasKey(s => new { s.Scope, s.AccountId, s.Month });
        span.Property(s => s.Scope).HasMaxLength(ActivityScope.MaxLength);
        // Only the rows still to count, so finding them (and finding none) costs nothing however large the table grows.
        span.HasIndex(s => s.PreviousMonth).HasFilter("\"PreviousMonth\" IS NULL").HasDatabaseName("IX_ActivitySpans_Uncounted");
    }
}

internal sealed class ActiveCitizenCountConfiguration : IEntityTypeConfiguration<ActiveCitizenCount>
{
    public void Configure(EntityTypeBuilder<ActiveCitizenCount> count)
    {
        // Month first: a period reads one range of the key.
        count.HasKey(c => new { c.Month, c.Scope, c.PreviousMonth });
        count.Property(c => c.Scope).HasMaxLength(ActivityScope.MaxLength);
    }
}

internal sealed class RegisteredCitizenMonthConfiguration : IEntityTypeConfiguration<RegisteredCitizenMonth>
{
    public void Configure(EntityTypeBuilder<RegisteredCitizenMonth> month)
    {
        month.HasKey(m => new { m.Month, m.DistrictCode });
        month.Property(m => m.DistrictCode).HasMaxLength(District.CodeLength);
    }
}
