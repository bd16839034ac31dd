using CarbonHuitong.Core.Mall;
namespace CarbonHuitong.Core.Funding;

/// <summary>
/// An emission-reduction project whose verified reductions (e.g. CQCER) are sold on the carbon market;
/// its revenue funds the coupons in the points mall.
/// </summary>
public sealed class EmissionProject
{
    private EmissionProject() { }

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Organization { get; private set; } = "";
    public string Methodology { get; private set; } = "";
    public string Scenario { get; private set; } = "";
    public DateOnly CreditingPeriodStart { get; private set; }
    public DateOnly CreditingPeriodEnd { get; private set; }
    public DateTime RegisteredAt { get; private set; }

    public static EmissionProject Register(string name, string organization, string methodology, string scenario,
        DateOnly creditingPeriodStart, DateOnly creditingPeriodEnd, DateTime registeredAtUtc)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new DomainException(ErrorCodes.BadRequest, "A project needs a name.");
        if (string.IsNullOrWhiteSpace(organization)) throw new DomainException(ErrorCodes.BadRequest, "A project belongs to an organization.");
        if (creditingPeriodEnd < creditingPeriodStart)
            throw new DomainException(ErrorCodes.BadRequest, "The crediting period ends before it starts.");
        return new EmissionProject
        {
            Name = name.Trim(),
            Organization = organization.Trim(),
            Methodology = methodology.Trim(),
            Scenario = scenario.Trim(),
            CreditingPeriodStart = creditingPeriodStart,
            CreditingPeriodEnd = creditingPeriodEnd,
            RegisteredAt = registeredAtUtc,
        };
    }
}
