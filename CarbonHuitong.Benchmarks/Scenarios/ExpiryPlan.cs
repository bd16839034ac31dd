using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// What one account of the expiry world earns and gives up: takeaway orders without utensils in the older year
/// (<see cref="ExpiryPlan.OlderYear"/>), whose credits are due at the cutoff, orders in the later year, which stay, and,
/// dated now (in the later year), a coupon bought or an administrator's deduction, which count against the oldest
/// credits first.
/// </summary>
public readonly record struct AccountPlan(long AccountId, int OrdersOlder, int OrdersLater, long EarnedOlderHundredths, bool Redeems,
    long DeductedHundredths)
{
    public long OutHundredths => DeductedHundredths + (Redeems ? ExpiryPlan.CouponPrice.Hundredths : 0);

    /// <summary>What expires at the cutoff: max(0, credits in through the older year − credits out through the year after it).</summary>
    public long DueHundredths => Math.Max(0, EarnedOlderHundredths - OutHundredths);
}

/// <summary>
/// The expiry world: earns over the two years before the job's clock, so that the job runs just after the cutoff that
/// ends the older year's credits. The later year is the real clock's year, so the scans the app records meanwhile (on
/// the real clock) fall in a year that is not due, and every account's due amount is known before the job runs.
/// </summary>
public sealed class ExpiryPlan
{
    public const string Source = "bench-history";

    /// <summary>
    /// Orders: a behaviour with no same-act window, which the invariant "no act counted twice across sources" pairs
    /// with nothing (its self-join of earns by time is quadratic on SQLite; see docs/scale-out.md, the expiry section).
    /// </summary>
    public const string Behaviour = Methodology.TakeawayWithoutUtensils;

    /// <summary>What a coupon costs: less than the six orders every redeeming account holds at least.</summary>
    public static readonly Credits CouponPrice = Credits.FromDecimal(2m);

    private readonly DateTime _olderStart;
    private readonly DateTime _laterStart;
    private readonly long _olderMinutes;
    private readonly long _laterMinutes;

    /// <param name="orderHundredths">What one order earns, as the methodology in the world's database prices it.</param>
    public ExpiryPlan(ExpiryPolicy policy, DateTime nowUtc, IReadOnlyList<long> accountIds, long orderHundredths)
    {
        LaterYear = PlatformTime.ChinaDateOf(nowUtc).Year;
        OlderYear = LaterYear - 1;
        Cutoff = policy.CutoffUtc(OlderYear);
        // Just after the cutoff: the night's run of the lifecycle job.
        JobStart = Cutoff.AddMinutes(10);
        if (policy.LastYearDue(JobStart) != OlderYear)
            throw new InvalidOperationException($"Expiry:ValidYears {policy.ValidYears} does not make {OlderYear} due at {JobStart:u}.");
        _olderStart = PlatformTime.ChinaDateToUtc(new DateOnly(OlderYear, 1, 1));
        _laterStart = PlatformTime.ChinaDateToUtc(new DateOnly(LaterYear, 1, 1));
        _olderMinutes = (long)(_laterStart - _olderStart).TotalMinutes;
        // Earns in the later year stop an hour before now: history is reported, never ahead of the clock.
        _laterMinutes = (long)(nowUtc.AddHours(-1) - _laterStart).TotalMinutes;
        if (_laterMinutes < 1) throw new InvalidOperationException("Run the expiry scenario after 01:00 on 1 January, China time.");
        Accounts = accountIds.Select((id, i) => PlanFor(i, id, orderHundredths)).ToArray();
    }

    public int OlderYear { get; }
    public int LaterYear { get; }
    public DateTime Cutoff { get; }
    public DateTime JobStart { get; }
    public IReadOnlyList<AccountPlan> Accounts { get; }

    public int AccountsDue => Accounts.Count(a => a.DueHundredths > 0);
    public long HundredthsDue => Accounts.Sum(a => a.DueHundredths);

    /// <summary>
    /// Ten kinds of saver, by the account's place: six earned in the older year only (all of it expires), one in both
    /// years, one in both and gave up part of the older credits (one in ten of these bought a coupon, the others had
    /// half of them deducted), one had more than its older credits deducted (nothing expires), one earned in the later
    /// year only (nothing is due). Redemptions one at a time are the slow part of setting up, so only 1 % redeem.
    /// </summary>
    private static AccountPlan PlanFor(int i, long accountId, long orderHundredths)
    {
        var (older, later) = (3 + i / 10 % 7, 3 + i / 10 % 5);
        var (olderHundredths, laterHundredths) = (older * orderHundredths, later * orderHundredths);
        return (i % 10) switch
        {
            <= 5 => new AccountPlan(accountId, older, 0, olderHundredths, false, 0),
            6 => new AccountPlan(accountId, older, later, olderHundredths, false, 0),
            7 when i % 100 == 7 => new AccountPlan(accountId, older, later, olderHundredths, true, 0),
            7 => new AccountPlan(accountId, older, later, olderHundredths, false, olderHundredths / 2),
            8 => new AccountPlan(accountId, older, later, olderHundredths, false, olderHundredths + laterHundredths / 2),
            _ => new AccountPlan(accountId, 0, later, 0, false, 0),
        };
    }

    /// <summary>Each account's orders, spread over the minutes of each year by its place, one event per account and year.</summary>
    public IEnumerable<EarnRequest> EarnsOf(int from, int count)
    {
        for (var i = from; i < Math.Min(from + count, Accounts.Count); i++)
        {
            var plan = Accounts[i];
            if (plan.OrdersOlder > 0)
                yield return new EarnRequest(plan.AccountId, Behaviour, plan.OrdersOlder, Source, $"older-{plan.AccountId}",
                    _olderStart.AddMinutes(i * 7_919L % _olderMinutes));
            if (plan.OrdersLater > 0)
                yield return new EarnRequest(plan.AccountId, Behaviour, plan.OrdersLater, Source, $"later-{plan.AccountId}",
                    _laterStart.AddMinutes(i * 6_007L % _laterMinutes));
        }
    }

    public IEnumerable<long> Redeemers => Accounts.Where(a => a.Redeems).Select(a => a.AccountId);

    public IEnumerable<(long AccountId, Credits Amount)> Deductions =>
        Accounts.Where(a => a.DeductedHundredths > 0).Select(a => (a.AccountId, new Credits(a.DeductedHundredths)));
}
