using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// One district's figures over a period. <paramref name="DistrictCode"/> null is "not given". A suppressed row has every
/// figure null: it is shown as fewer than the minimum, and its figures are in <see cref="DistrictTable.Other"/>.
/// </summary>
/// <param name="Citizens">Open accounts that name the district now.</param>
/// <param name="ActiveCitizens">Citizens with at least one earn counted in the district in the period.</param>
public sealed record DistrictRow(string? DistrictCode, long? Citizens, long? ActiveCitizens, long? Milligrams, long? CreditHundredths,
    long? CouponsRedeemed, long? CouponsUsed, bool Suppressed);

/// <param name="Rows">Each district of the catalogue in code order, then "not given".</param>
/// <param name="Other">The suppressed rows together; Suppressed (figures null) when there are none, or too few citizens
/// to show even together.</param>
/// <param name="Total">The platform's figures for the period: the visible rows plus <paramref name="Other"/>.</param>
public sealed record DistrictTable(IReadOnlyList<DistrictRow> Rows, DistrictRow Other, DistrictRow Total, int MinimumCitizens);

public sealed record CategoryMonth(DateOnly Month, BehaviourCategory Category, long? Milligrams, long? CreditHundredths, long? ActiveCitizens,
    bool Suppressed);

public sealed record BehaviourFigures(string BehaviourCode, BehaviourCategory Category, long? Milligrams, long? CreditHundredths, long? Entries,
    long? ActiveCitizens, bool Suppressed);

/// <param name="Citizens">Accounts open at the month's end.</param>
public sealed record ParticipationMonth(DateOnly Month, long? Citizens, long? ActiveCitizens, bool Suppressed);

/// <param name="CouponsFundedFen">The face value of the coupon batches listed that month: not personal, never suppressed.</param>
public sealed record OpenDataMonth(DateOnly Month, long? Citizens, long? ActiveCitizens, IReadOnlyDictionary<BehaviourCategory, long?> MilligramsByCategory,
    long CouponsFundedFen, long? CouponsUsed, bool Suppressed);

/// <summary>The regional dashboard's figures for one period (and category), read together.</summary>
public sealed record Dashboard(DistrictTable Districts, IReadOnlyList<CategoryMonth> ReductionsByMonth, IReadOnlyList<ParticipationMonth> Participation);
