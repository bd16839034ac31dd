using CarbonHuitong.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CarbonHuitong.Core.Persistence;

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> user) => user.Property(u => u.Organization).HasMaxLength(ApplicationUser.MaxOrganizationLength);
}
