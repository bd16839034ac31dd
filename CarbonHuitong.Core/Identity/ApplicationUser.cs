using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Core.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public DateTime RegisteredAt { get; set; }
}
