using CarbonHuitong.Core.Mall;
namespace CarbonHuitong.Core.Funding;

/// <summary>Verified reductions issued to a project (e.g. CQCER), in whole tonnes of CO2e as they are traded.</summary>
public sealed class ReductionIssuance
{
    private ReductionIssuance() { }

    public long Id { get; private set; }
    public long ProjectId { get; private set; }
    public long Tonnes { get; private set; }
    public int Vintage { get; private set; }
    public string SerialNumbers { get; private set; } = "";
    public DateOnly IssuedOn { get; private set; }
    public DateTime RecordedAt { get; private set; }

    internal static ReductionIssuance Record(long projectId, long tonnes, int vintage, string serialNumbers, DateOnly issuedOn, DateTime nowUtc)
    {
        if (tonnes <= 0 || tonnes > 100_000_000) throw new DomainException(ErrorCodes.BadRequest, "Tonnes issued must be between 1 and 100,000,000.");
        if (vintage is < 2000 or > 2100) throw new DomainException(ErrorCodes.BadRequest, "The vintage is a year between 2000 and 2100.");
        if (string.IsNullOrWhiteSpace(serialNumbers) || serialNumbers.Length > 500)
            throw new DomainException(ErrorCodes.BadRequest, "Give the certificate serial numbers (up to 500 characters).");
        return new ReductionIssuance
        {
            ProjectId = projectId, Tonnes = tonnes, Vintage = vintage, SerialNumbers = serialNumbers.Trim(), IssuedOn = issuedOn, RecordedAt = nowUtc,
        };
    }
}
