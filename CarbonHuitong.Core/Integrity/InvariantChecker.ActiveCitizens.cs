using CarbonHuitong.Core.Government;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Integrity;

/// <summary>
/// What the government's citizen counts are read from: the activity spans agree with the activity rows, the counts with
/// the spans they counted, and the registered citizens with the accounts. Each is one grouped pass over both sides.
/// </summary>
public sealed partial class InvariantChecker
{
    /// <summary>An account has a span in a scope and month exactly when its activity rows put it there.</summary>
    private async Task<InvariantCheck> ActivitySpansMatchActivityAsync(CancellationToken ct)
    {
        var activity = db.AccountMonthActivities.AsNoTracking();
        var expected = activity.Select(a => new SpanRow { Scope = ActivityScope.Platform, AccountId = a.AccountId, Month = a.Month })
            .Concat(activity.Select(a => new SpanRow { Scope = "d:" + a.DistrictCode, AccountId = a.AccountId, Month = a.Month }))
            .Concat(activity.Select(a => new SpanRow { Scope = "c:" + a.Category, AccountId = a.AccountId, Month = a.Month }))
            .Concat(activity.Select(a => new SpanRow { Scope = "dc:" + a.DistrictCode + ":" + a.Category, AccountId = a.AccountId, Month = a.Month }))
            .Concat(activity.Select(a => new SpanRow { Scope = "b:" + a.BehaviourCode, AccountId = a.AccountId, Month = a.Month }))
            .Distinct()
            .Select(r => new SpanRow { Scope = r.Scope, AccountId = r.AccountId, Month = r.Month, Side = 1 });
        var stored = db.ActivitySpans.AsNoTracking().Select(s => new SpanRow { Scope = s.Scope, AccountId = s.AccountId, Month = s.Month, Side = -1 });
        var offenders = expected.Concat(stored)
            .GroupBy(r => new { r.AccountId, r.Month, r.Scope })
            .Select(g => new { g.Key.AccountId, g.Key.Month, g.Key.Scope, Side = g.Sum(r => r.Side) })
            .Where(g => g.Side != 0)
            .OrderBy(g => g.AccountId).ThenBy(g => g.Month).ThenBy(g => g.Scope);
        return await CheckAsync(Invariant.ActivitySpansMatchActivity, "an activity span for each scope an account's activity rows put it in, and no other",
            "activity span", await db.ActivitySpans.LongCountAsync(ct), "account-month-scope", offenders,
            o => new Violation(o.AccountId, $"#{o.AccountId} {MonthName(o.Month.Year, o.Month.Month)} {o.Scope}: "
                + (o.Side > 0 ? "no span for activity rows" : "a span without activity rows")), ct);
    }

    /// <summary>
    /// Each counted span names its account's true previous month in the scope, and each count equals the counted spans of
    /// its month, scope and previous month; the unregistered count of a month equals its counted platform spans whose
    /// account was not registered at the month's end. Spans not yet counted wait for the next catch-up and are not judged.
    /// </summary>
    private async Task<InvariantCheck> ActiveCountsMatchSpansAsync(CancellationToken ct)
    {
        var spans = db.ActivitySpans.AsNoTracking();
        var none = ActivityScope.NoPreviousMonth;
        var wrongPrevious = spans.Where(s => s.PreviousMonth != null
                && s.PreviousMonth != (spans.Where(p => p.Scope == s.Scope && p.AccountId == s.AccountId && p.Month < s.Month).Max(p => (DateOnly?)p.Month) ?? none))
            .Select(s => new CountRow { Month = s.Month, Scope = s.Scope, PreviousMonth = s.PreviousMonth!.Value, Citizens = 0, WrongPrevious = 1 });
        var counted = spans.Where(s => s.PreviousMonth != null)
            .Select(s => new CountRow { Month = s.Month, Scope = s.Scope, PreviousMonth = s.PreviousMonth!.Value, Citizens = 1, WrongPrevious = 0 });
        var unregistered = spans.Where(s => s.PreviousMonth != null && s.Scope == ActivityScope.Platform)
            .Join(db.CarbonAccounts, s => s.AccountId, a => a.Id, (s, a) => new { s.Month, a.OpenedAt, a.ClosedAt })
            .Where(x => x.OpenedAt.AddHours(8).Year * 100 + x.OpenedAt.AddHours(8).Month > x.Month.Year * 100 + x.Month.Month
                || (x.ClosedAt != null && x.ClosedAt.Value.AddHours(8).Year * 100 + x.ClosedAt.Value.AddHours(8).Month <= x.Month.Year * 100 + x.Month.Month))
            .Select(x => new CountRow { Month = x.Month, Scope = ActivityScope.Unregistered, PreviousMonth = none, Citizens = 1, WrongPrevious = 0 });
        var stored = db.ActiveCitizenCounts.AsNoTracking()
            .Select(c => new CountRow { Month = c.Month, Scope = c.Scope, PreviousMonth = c.PreviousMonth, Citizens = -c.Citizens, WrongPrevious = 0 });
        var offenders = counted.Concat(unregistered).Concat(wrongPrevious).Concat(stored)
            .GroupBy(r => new { r.Month, r.Scope, r.PreviousMonth })
            .Select(g => new { g.Key.Month, g.Key.Scope, g.Key.PreviousMonth, Citizens = g.Sum(r => r.Citizens), WrongPrevious = g.Sum(r => r.WrongPrevious) })
            .Where(g => g.Citizens != 0 || g.WrongPrevious != 0)
            .OrderBy(g => g.Month).ThenBy(g => g.Scope).ThenBy(g => g.PreviousMonth);
        return await CheckAsync(Invariant.ActiveCountsMatchSpans, "active citizens counted once per scope and month, after their true previous month",
            "count row", await db.ActiveCitizenCounts.LongCountAsync(ct), "month-scope-previous month", offenders,
            o => new Violation(o.Month.Year * 100 + o.Month.Month, $"{MonthName(o.Month.Year, o.Month.Month)} {o.Scope} after "
                + (o.PreviousMonth == none ? "none" : MonthName(o.PreviousMonth.Year, o.PreviousMonth.Month)) + ": "
                + string.Join(", ", new[]
                {
                    o.Citizens != 0 ? $"count {SignedCount(-o.Citizens)} against the spans" : null,
                    o.WrongPrevious != 0 ? $"{o.WrongPrevious} spans name a previous month that is not their account's" : null,
                }.OfType<string>())), ct);
    }

    /// <summary>The registered citizens' months equal the accounts opened and closed in each China month, by the district each names now.</summary>
    private async Task<InvariantCheck> RegisteredCitizensMatchAccountsAsync(CancellationToken ct)
    {
        var accounts = db.CarbonAccounts.AsNoTracking();
        var opened = accounts.Select(a => new RegisteredRow
        {
            Year = a.OpenedAt.AddHours(8).Year, MonthOfYear = a.OpenedAt.AddHours(8).Month, DistrictCode = a.DistrictCode ?? "", Opened = 1, Closed = 0,
        });
        var closed = accounts.Where(a => a.ClosedAt != null).Select(a => new RegisteredRow
        {
            Year = a.ClosedAt!.Value.AddHours(8).Year, MonthOfYear = a.ClosedAt.Value.AddHours(8).Month, DistrictCode = a.DistrictCode ?? "", Opened = 0, Closed = 1,
        });
        var stored = db.RegisteredCitizenMonths.AsNoTracking().Select(r => new RegisteredRow
        {
            Year = r.Month.Year, MonthOfYear = r.Month.Month, DistrictCode = r.DistrictCode, Opened = -r.Opened, Closed = -r.Closed,
        });
        var offenders = opened.Concat(closed).Concat(stored)
            .GroupBy(r => new { r.Year, r.MonthOfYear, r.DistrictCode })
            .Select(g => new { g.Key.Year, g.Key.MonthOfYear, g.Key.DistrictCode, Opened = g.Sum(r => r.Opened), Closed = g.Sum(r => r.Closed) })
            .Where(g => g.Opened != 0 || g.Closed != 0)
            .OrderBy(g => g.Year).ThenBy(g => g.MonthOfYear).ThenBy(g => g.DistrictCode);
        return await CheckAsync(Invariant.RegisteredCitizensMatchAccounts, "citizens registered per month equal the accounts opened and closed",
            "registered-citizens month", await db.RegisteredCitizenMonths.LongCountAsync(ct), "month-district", offenders,
            o => new Violation(o.Year * 100 + o.MonthOfYear, $"{MonthName(o.Year, o.MonthOfYear)} in {DistrictName(o.DistrictCode)}: "
                + string.Join(", ", new[]
                {
                    o.Opened != 0 ? $"opened {SignedCount(-o.Opened)} against the accounts" : null,
                    o.Closed != 0 ? $"closed {SignedCount(-o.Closed)} against the accounts" : null,
                }.OfType<string>())), ct);
    }

    private sealed class SpanRow
    {
        public string Scope { get; init; } = "";
        public long AccountId { get; init; }
        public DateOnly Month { get; init; }
        public int Side { get; init; }
    }

    private sealed class CountRow
    {
        public DateOnly Month { get; init; }
        public string Scope { get; init; } = "";
        public DateOnly PreviousMonth { get; init; }
        public long Citizens { get; init; }
        public long WrongPrevious { get; init; }
    }

    private sealed class RegisteredRow
    {
        public int Year { get; init; }
        public int MonthOfYear { get; init; }
        public string DistrictCode { get; init; } = "";
        public long Opened { get; init; }
        public long Closed { get; init; }
    }
}
