namespace CarbonHuitong.Core.Behaviours;

/// <summary>Settings section <c>Earning</c>: the rules on behaviour whose time a client reports.</summary>
public sealed class EarningOptions
{
    public const string Section = "Earning";

    /// <summary>
    /// How long after the act its credits can still be claimed: a validator that was offline uploads its scans late,
    /// and a partner sends yesterday's events, but nobody earns for a date years back. Beijing's ledger allows 7 days.
    /// </summary>
    public int ClaimWindowDays { get; set; } = 7;

    public TimeSpan ClaimWindow => TimeSpan.FromDays(ClaimWindowDays);
}
