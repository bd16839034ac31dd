namespace CarbonHuitong.Core.Funding;

/// <summary>
/// An emission-reduction project whose verified reductions (e.g. CQCER) are sold on the carbon market;
/// its revenue funds the coupons in the points mall.
/// </summary>
public sealed class EmissionProject
{
    public const int MaxNameLength = 200;
    public const int MaxOrganizationLength = 200;
    public const int MaxMethodologyLength = 200;
    public const int MaxScenarioLength = 500;

    private EmissionProject() { }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Organization { get; private set; } = "";
    public string Methodology { get; private set; } = "";
    public string Scenario { get; private set; } = "";
    public DateOnly CreditingPeriodStart { get; private set; }
    public DateOnly CreditingPeriodEnd { get; private set; }
    public DateTime RegisteredAt { get; private set; }

    internal static EmissionProject Register(string name, string organization, string methodology, string scenario,
        DateOnly creditingPeriodStart, DateOnly creditingPeriodEnd, DateTime registeredAtUtc)
    {
        if (creditingPeriodEnd < creditingPeriodStart)
            throw new DomainException(ErrorCodes.BadRequest, "The crediting period ends before it starts.");
        return new EmissionProject
        {
            Name = DomainText.Require(name, "project's name", MaxNameLength),
            Organization = DomainText.Require(organization, "project's organization", MaxOrganizationLength),
            Methodology = DomainText.Require(methodology, "methodology", MaxMethodologyLength),
            Scenario = DomainText.Require(scenario, "scenario", MaxScenarioLength),
            CreditingPeriodStart = creditingPeriodStart,
            CreditingPeriodEnd = creditingPeriodEnd,
            RegisteredAt = registeredAtUtc,
        };
    }
}
