using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Support;

/// <summary>The people on the admin side, as the web layer hands them to the domain after sign-in.</summary>
public static class Actors
{
    public const string TransportGroup = "Chongqing Public Transport Group";
    public const string AnotherOrg = "Another Org";

    public static readonly Actor MallAdmin = new("mall-admin", "admin@carbonhuitong.test", [Roles.MallAdmin], null);
    public static readonly Actor SecondMallAdmin = new("mall-ops", "ops@carbonhuitong.test", [Roles.MallAdmin], null);
    public static readonly Actor TransportOwner = new("owner-cq-bus", "projects@cqbus.test", [Roles.ProjectOwner], TransportGroup);
    public static readonly Actor OtherOwner = new("owner-another", "projects@another.test", [Roles.ProjectOwner], AnotherOrg);
    public static readonly Actor OwnerWithoutOrganization = new("owner-adrift", "adrift@example.test", [Roles.ProjectOwner], null);
    public static readonly Actor Citizen = new("citizen-only", "citizen@example.test", [Roles.Citizen], null);
}
