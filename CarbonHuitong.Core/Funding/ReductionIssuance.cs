namespace CarbonHuitong.Core.Funding;

/// <summary>Verified reductions issued to a project (e.g. CQCER), in whole tonnes of CO2e as they are traded.</summary>
public sealed class ReductionIssuance
{
    public const long MaxTonnes = 100_000_000;
    public const int FirstVintage = 2000;
    public const int LastVintage = 2100;
    public const int MaxSerialNumbersLength = 500;

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
        if (tonnes is <= 0 or > MaxTonnes) throw new DomainException(ErrorCodes.BadRequest, $"Tonnes issued must be between 1 and {MaxTonnes:#,0}.");
        if (vintage is < FirstVintage or > LastVintage)
            throw new DomainException(ErrorCodes.BadRequest, $"The vintage is a year between {FirstVintage} and {LastVintage}.");
        return new ReductionIssuance
        {
            ProjectId = projectId, Tonnes = tonnes, Vintage = vintage,
            SerialNumbers = DomainText.Require(serialNumbers, "certificate serial numbers", MaxSerialNumbersLength), IssuedOn = issuedOn, RecordedAt = nowUtc,
        };
    }
}
