using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Core.Identity;

public sealed class ApplicationUser : IdentityUser
{
    public const int MaxOrganizationLength = 200;

    public DateTime RegisteredAt { get; set; }

    /// <summary>The organization a project owner acts for; owners see only their organization's projects.</summary>
    public string? Organization { get; set; }
}
