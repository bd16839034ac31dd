namespace CarbonHuitong.Core;

/// <summary>Who is doing an administrative action, as the web layer authenticated them.</summary>
/// <param name="Organization">The organization a project owner acts for; null for others.</param>
public sealed record Actor(string UserId, string Email, IReadOnlyCollection<string> Roles, string? Organization)
{
    public bool IsMallAdmin => Roles.Contains(Core.Roles.MallAdmin);
    public bool IsProjectOwner => Roles.Contains(Core.Roles.ProjectOwner);
    public bool IsRegulator => Roles.Contains(Core.Roles.Regulator);

    public void RequireMallAdmin()
    {
        if (!IsMallAdmin) throw new DomainException(ErrorCodes.Forbidden, "Only a mall administrator may do this.");
    }

    /// <summary>Regional statistics are for regulators, and mall administrators may read them too.</summary>
    public void RequireStatisticsReader()
    {
        if (!IsRegulator && !IsMallAdmin) throw new DomainException(ErrorCodes.Forbidden, "Only a regulator or a mall administrator may read regional statistics.");
    }

    /// <summary>A project owner acts only for their own organization.</summary>
    public string RequireOrganization()
    {
        if (!IsProjectOwner || string.IsNullOrWhiteSpace(Organization))
            throw new DomainException(ErrorCodes.Forbidden, "Only a project owner with an organization may do this.");
        return Organization;
    }
}
