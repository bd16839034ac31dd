namespace CarbonHuitong.Core;

public static class Roles
{
    public const string Citizen = "Citizen";
    public const string MallAdmin = "MallAdmin";
    public const string ProjectOwner = "ProjectOwner";

    /// <summary>The ecology and environment bureau or the transport commission: statistics only, never personal data.</summary>
    public const string Regulator = "Regulator";

    public static readonly IReadOnlyList<string> All = [Citizen, MallAdmin, ProjectOwner, Regulator];
}
