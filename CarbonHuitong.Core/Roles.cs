namespace CarbonHuitong.Core;

public static class Roles
{
    public const string Citizen = "Citizen";
    public const string MallAdmin = "MallAdmin";
    public const string ProjectOwner = "ProjectOwner";

    public static readonly IReadOnlyList<string> All = [Citizen, MallAdmin, ProjectOwner];
}
