using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// The regional carbon ledger: what citizens reduced, by district, category, behaviour and month, read from the monthly
/// rollups (<see cref="DistrictMonthReduction"/>, <see cref="AccountMonthActivity"/>) and small tables, never the ledger,
/// with small cells suppressed.
/// </summary>
public sealed partial class RegionalStatistics(CarbonDbContext db, IOptions<GovernmentOptions> options)
{
    private int Minimum => options.Value.MinimumCellCitizens;

    public Task<DistrictTable> DistrictsAsync(Actor reader, MonthRange period, BehaviourCategory? category = null, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        throw new NotImplementedException("Coming in the next commit of branch ga.");
    }

    public Task<IReadOnlyList<CategoryMonth>> ReductionsByMonthAsync(Actor reader, MonthRange period, BehaviourCategory? category = null,
        CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        throw new NotImplementedException("Coming in the next commit of branch ga.");
    }

    public Task<IReadOnlyList<BehaviourFigures>> ByBehaviourAsync(Actor reader, MonthRange period, BehaviourCategory? category = null,
        CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        throw new NotImplementedException("Coming in the next commit of branch ga.");
    }

    public Task<IReadOnlyList<ParticipationMonth>> ParticipationAsync(Actor reader, MonthRange period, CancellationToken ct = default)
    {
        reader.RequireStatisticsReader();
        throw new NotImplementedException("Coming in the next commit of branch ga.");
    }

    /// <summary>The city's monthly totals, public: the same suppression applies.</summary>
    public Task<IReadOnlyList<OpenDataMonth>> OpenDataAsync(MonthRange period, CancellationToken ct = default)
    {
        throw new NotImplementedException("Coming in the next commit of branch ga.");
    }
}
