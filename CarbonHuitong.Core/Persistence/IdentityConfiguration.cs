using CarbonHuitong.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user) => user.Property(u => u.Organization).HasMaxLength(ApplicationUser.MaxOrganizationLength);
}

internal sealed class SpentRefreshTokenConfiguration : IEntityTypeConfiguration<SpentRefreshToken>
{
    public void Configure(EntityTypeBuilder<SpentRefreshToken> token)
    {
        token.HasKey(t => t.TokenHash);
        token.Property(t => t.TokenHash).HasMaxLength(32);
        token.Property(t => t.UserId).HasMaxLength(450);
        token.HasIndex(t => t.ExpiresAt);
    }
}
