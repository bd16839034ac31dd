using CarbonHuitong.Core.Behaviours;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class GreenBehaviourConfiguration : IEntityTypeConfiguration<GreenBehaviour>
{
    public void Configure(EntityTypeBuilder<GreenBehaviour> behaviour)
    {
        behaviour.HasKey(b => b.Code);
        behaviour.Ignore(b => b.ReductionPerUnit);
        behaviour.Ignore(b => b.CreditsPerUnit);
        behaviour.Ignore(b => b.IsGreenTrip);
        behaviour.Ignore(b => b.DailyCap);
        behaviour.Ignore(b => b.DuplicateWindow);
        behaviour.Property(b => b.Code).HasMaxLength(64);
        behaviour.HasBilingual(b => b.Name, "Name", GreenBehaviour.MaxNameLength);
        behaviour.Property(b => b.Category).HasConversion<string>().HasMaxLength(32);
        behaviour.Property(b => b.Unit).HasConversion<string>().HasMaxLength(32);
        behaviour.HasBilingual(b => b.Source, "Source", GreenBehaviour.MaxSourceLength);
    }
}

internal sealed class BehaviourFactorConfiguration : IEntityTypeConfiguration<BehaviourFactor>
{
    public void Configure(EntityTypeBuilder<BehaviourFactor> factor)
    {
        factor.HasKey(f => f.Id);
        factor.Property(f => f.BehaviourCode).HasMaxLength(64);
        factor.HasBilingual(f => f.Source, "Source", BehaviourFactor.MaxSourceLength);
        factor.HasOne<GreenBehaviour>().WithMany().HasForeignKey(f => f.BehaviourCode).OnDelete(DeleteBehavior.Restrict);
        factor.HasIndex(f => new { f.BehaviourCode, f.EffectiveFrom });
    }
}
