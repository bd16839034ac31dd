using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Government;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// The regional world of one size: <see cref="Entries"/> earns over the last <see cref="Months"/> China months, by
/// citizens spread over Chongqing's 38 districts and counties as unevenly as a city is (the first district about forty
/// times the last, so small cells get suppressed at small sizes), a share who give no district, a share who move
/// halfway, and a share registered but never active. Each citizen joins in some month (more join later, so
/// participation grows) and earns at a steady rate from then on in two behaviours of their own, taken from the
/// methodology in turn so that every behaviour and category has earns. Everything follows from the sizes: the same
/// plan every run.
/// </summary>
public sealed class GovernmentPlan
{
    public const string Source = "bench-history";
    public const int Months = 24;

    /// <summary>The month whose earns come first: the movers move between the two halves of the history.</summary>
    public const int MoveMonth = Months / 2;

    private const int NotGivenPercent = 15;
    private const int MoverPercent = 3;
    private const int NeverActivePercent = 10;
    private const int PrimaryBehaviourPercent = 70;

    private readonly IReadOnlyList<GreenBehaviour> _behaviours;
    private readonly DateOnly _firstMonth;
    private readonly DateTime _lastInstant;
    private readonly int[] _joinMonth;
    private readonly int[] _entries;

    /// <param name="behaviours">The methodology in effect, in its order.</param>
    public GovernmentPlan(int entries, int entriesPerCitizen, DateTime nowUtc, IReadOnlyList<GreenBehaviour> behaviours)
    {
        if (behaviours.Count == 0) throw new InvalidOperationException("The methodology has no behaviour to earn with.");
        Entries = entries;
        _behaviours = behaviours;
        // History is reported, never ahead of the clock: it stops an hour before now.
        _lastInstant = nowUtc.AddHours(-1);
        var lastMonth = MonthRange.MonthOf(PlatformTime.ChinaDateOf(_lastInstant));
        _firstMonth = lastMonth.AddMonths(1 - Months);
        Citizens = Math.Max(1, entries / entriesPerCitizen);

        var random = new Random(17);
        var weights = DistrictCatalogue.All.Select((_, k) => 1.0 / (k + 1)).ToArray();
        Home = new string?[Citizens];
        MovedTo = new string?[Citizens];
        _joinMonth = new int[Citizens];
        for (var i = 0; i < Citizens; i++)
        {
            Home[i] = random.Next(100) < NotGivenPercent ? null : Pick(random, weights);
            MovedTo[i] = random.Next(100) < MoverPercent ? Pick(random, weights) : Home[i];
            // The square root leans towards later months: more citizens join as time goes on.
            _joinMonth[i] = Math.Min(Months - 1, (int)(Months * Math.Sqrt(random.NextDouble())));
        }

        // Each active citizen's share of the entries follows the months they were active, so the rate per month is steady.
        var activeMonths = Enumerable.Range(0, Citizens).Select(i => IsNeverActive(i) ? 0L : Months - _joinMonth[i]).ToArray();
        var allMonths = Math.Max(1, activeMonths.Sum());
        _entries = activeMonths.Select(months => (int)(entries * months / allMonths)).ToArray();
        var left = entries - _entries.Sum();
        var anyActive = activeMonths.Any(m => m > 0);
        for (var i = 0; left > 0; i = (i + 1) % Citizens)
        {
            if (activeMonths[i] == 0 && anyActive) continue;
            _entries[i]++;
            left--;
        }
    }

    public int Entries { get; }
    public int Citizens { get; }

    /// <summary>Each citizen's district from registration (null: not given).</summary>
    public string?[] Home { get; }

    /// <summary>Each citizen's district from <see cref="MoveMonth"/> on: the same as <see cref="Home"/> but for the movers.</summary>
    public string?[] MovedTo { get; }

    public int Movers => Enumerable.Range(0, Citizens).Count(i => MovedTo[i] != Home[i]);
    public int NotGiven => Home.Count(h => h is null);
    public int EverActive => _entries.Count(n => n > 0);
    public IEnumerable<string> Categories => _behaviours.Select(b => b.Category.ToString()).Distinct();

    private static bool IsNeverActive(int i) => i % 100 >= 100 - NeverActivePercent;

    private static string Pick(Random random, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var k = 0; k < weights.Length; k++)
        {
            roll -= weights[k];
            if (roll < 0) return DistrictCatalogue.All[k].Code;
        }
        return DistrictCatalogue.All[^1].Code;
    }

    /// <summary>
    /// The earns dated in months [<paramref name="fromMonth"/>, <paramref name="toMonth"/>), month by month as history
    /// is kept; within a month each citizen's earns are spread over its minutes.
    /// </summary>
    public IEnumerable<EarnRequest> EarnsIn(IReadOnlyList<long> accountIds, int fromMonth, int toMonth)
    {
        for (var m = fromMonth; m < toMonth; m++)
        {
            var monthStart = PlatformTime.ChinaDateToUtc(_firstMonth.AddMonths(m));
            var monthEnd = PlatformTime.ChinaDateToUtc(_firstMonth.AddMonths(m + 1));
            if (monthEnd > _lastInstant) monthEnd = _lastInstant;
            var minutes = Math.Max(1L, (long)(monthEnd - monthStart).TotalMinutes);
            for (var i = 0; i < Citizens; i++)
            {
                if (_entries[i] == 0 || m < _joinMonth[i]) continue;
                var active = (long)(Months - _joinMonth[i]);
                var (first, last) = ((m - _joinMonth[i]) * _entries[i] / active, (m - _joinMonth[i] + 1) * _entries[i] / active);
                for (var j = first; j < last; j++)
                {
                    var behaviour = BehaviourOf(i, j);
                    var at = monthStart.AddMinutes((i * 7_919L + j * 104_729L) % minutes);
                    yield return new EarnRequest(accountIds[i], behaviour.Code, 1 + j % 3, Source, $"gov-{accountIds[i]}-{j}", at);
                }
            }
        }
    }

    /// <summary>A citizen's two behaviours, the first most of the time: citizen i's first is the methodology's i-th in turn.</summary>
    private GreenBehaviour BehaviourOf(int i, long j)
    {
        var primary = i % _behaviours.Count;
        var secondary = (primary + 1 + i / _behaviours.Count % Math.Max(1, _behaviours.Count - 1)) % _behaviours.Count;
        return _behaviours[(j * 37 + i) % 100 < PrimaryBehaviourPercent ? primary : secondary];
    }
}
