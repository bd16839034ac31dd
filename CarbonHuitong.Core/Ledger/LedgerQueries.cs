using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Ledger;

public sealed record AccountSummary(
    long AccountId, Credits Balance, Credits CreditsEarned, Credits CreditsSpent, CarbonMass Reduced, int GreenTrips, bool HasEntries)
{
    /// <summary>Credits reported as pending and not yet confirmed or reversed: shown, never spendable, not in <see cref="Balance"/>.</summary>
    public Credits Pending { get; init; }
}

/// <summary>One China month of an account's history added up: what came in, what went out (negative), and the CO₂e earned.</summary>
public sealed record LedgerMonthTotal(DateOnly Month, Credits In, Credits Out, CarbonMass Reduction, int Entries);

public sealed record LedgerFilter(string? BehaviourCode = null, DateOnly? From = null, DateOnly? To = null);

/// <param name="LineId">For a bus ride scanned at a validator: the line.</param>
/// <param name="CouponFaceValueFen">For a bus ride: the face value of the coupon that paid for it, if one did.</param>
public sealed record LedgerEntryView(
    long Id, LedgerEntryKind Kind, DateTime OccurredAtUtc, string? BehaviourCode, BehaviourCategory? Category,
    decimal? Quantity, Credits Credits, CarbonMass Reduction, Credits BalanceAfter, string? Description, string? Source,
    string? LineId = null, long? CouponFaceValueFen = null)
{
    /// <summary>Other sources that reported the same act later and were counted once, here (a validator, a partner), in the order they came.</summary>
    public IReadOnlyList<string> AlsoReportedBy { get; init; } = [];

    /// <summary>
    /// Credits held, not spendable: positive on a Pending entry, negative on the Earn that confirms it or the Reverse
    /// that takes it back, zero otherwise.
    /// </summary>
    public Credits Held { get; init; }

    /// <summary>What the entry refers to: for an Expire of the expiry policy, the year whose credits expired; for a settlement, the event id.</summary>
    public string? Reference { get; init; }

    /// <summary>True for the Earn that confirms a pending earn.</summary>
    public bool ConfirmsPending { get; init; }

    /// <summary>For a Pending entry: whether it is still pending, or was confirmed or reversed since; null for every other kind.</summary>
    public PendingState? Pending { get; init; }

    /// <summary>For an Expire entry of the expiry policy: the year whose credits expired ("credits earned in 2025").</summary>
    public int? ExpiredYear => Kind == LedgerEntryKind.Expire && Source == CreditExpiry.Source
        && int.TryParse(Reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) ? year : null;
}

/// <summary>Where a pending earn stands.</summary>
public enum PendingState
{
    Pending,
    Confirmed,
    Reversed,
}

public enum TrendPeriod
{
    Week,
    Month,
}

/// <param name="Start">The China-time date the week (Monday) or month begins.</param>
public sealed record ReductionPoint(DateOnly Start, CarbonMass Reduction, Credits Credits);

public sealed record CategoryTotal(BehaviourCategory Category, CarbonMass Reduction, Credits Credits, int Count);

/// <summary>Reads a carbon account. Counting, summing, grouping and paging all happen in the database.</summary>
public sealed class LedgerQueries(CarbonDbContext db, TimeProvider clock)
{
    public Task<long?> FindAccountIdAsync(string userId, CancellationToken ct = default) =>
        db.CarbonAccounts.Where(a => a.UserId == userId).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);

    public Task<AccountSummary?> GetSummaryAsync(long accountId, CancellationToken ct = default) =>
        db.CarbonAccounts.AsNoTracking().Where(a => a.Id == accountId)
            .Select(a => new AccountSummary(a.Id, new Credits(a.BalanceHundredths), new Credits(a.EarnedHundredths),
                new Credits(a.SpentHundredths), new CarbonMass(a.ReducedMilligrams), a.GreenTrips,
                db.LedgerEntries.Any(e => e.AccountId == a.Id)) { Pending = new Credits(a.PendingHundredths) })
            .SingleOrDefaultAsync(ct);

    public async Task<Page<LedgerEntryView>> GetHistoryAsync(long accountId, LedgerFilter filter, int pageNumber, int pageSize,
        CancellationToken ct = default)
    {
        var request = new PageRequest(pageNumber, pageSize);

        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        if (!string.IsNullOrEmpty(filter.BehaviourCode)) entries = entries.Where(e => e.BehaviourCode == filter.BehaviourCode);
        entries = entries.WithinChinaDates(e => e.OccurredAt, filter.From, filter.To);

        var page = await entries.ToPageAsync(request, rows => rows
            .OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id)
            .Select(e => new LedgerEntryView(e.Id, e.Kind, e.OccurredAt, e.BehaviourCode, e.Category, e.Quantity,
                new Credits(e.CreditHundredths), new CarbonMass(e.Milligrams), new Credits(e.BalanceAfterHundredths),
                e.Description, e.Source, e.LineId, e.CouponFaceValueFen)
            {
                Held = new Credits(e.PendingHundredths), Reference = e.Reference, ConfirmsPending = e.SettlesEntryId != null && e.Kind == LedgerEntryKind.Earn,
            }), ct);
        var items = await WithLaterReportsAsync(accountId, page.Items, ct);
        return page with { Items = await WithSettlementsAsync(accountId, items, ct) };
    }

    /// <summary>
    /// Per China month from <paramref name="fromMonth"/> to <paramref name="toMonth"/>, the account's entries matching the
    /// filter added up (credits in and out, the reduction earned), so a history grouped by month shows each month's totals
    /// however few of its entries are loaded. One grouped query over the account's own entries.
    /// </summary>
    public async Task<IReadOnlyList<LedgerMonthTotal>> GetMonthTotalsAsync(long accountId, LedgerFilter filter, DateOnly fromMonth, DateOnly toMonth,
        CancellationToken ct = default)
    {
        var entries = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        if (!string.IsNullOrEmpty(filter.BehaviourCode)) entries = entries.Where(e => e.BehaviourCode == filter.BehaviourCode);
        var first = filter.From is { } from && from > fromMonth ? from : fromMonth;
        var last = toMonth.AddMonths(1).AddDays(-1);
        if (filter.To is { } to && to < last) last = to;
        entries = entries.WithinChinaDates(e => e.OccurredAt, first, last);
        var rows = await entries
            .GroupBy(e => new { e.OccurredAt.AddHours(8).Year, e.OccurredAt.AddHours(8).Month })
            .Select(g => new
            {
                g.Key.Year, g.Key.Month,
                In = g.Sum(e => e.CreditHundredths > 0 ? e.CreditHundredths : 0),
                Out = g.Sum(e => e.CreditHundredths < 0 ? e.CreditHundredths : 0),
                Milligrams = g.Sum(e => e.Kind == LedgerEntryKind.Earn ? e.Milligrams : 0),
                Entries = g.Count(),
            })
            .ToListAsync(ct);
        return rows.Select(r => new LedgerMonthTotal(new DateOnly(r.Year, r.Month, 1), new Credits(r.In), new Credits(r.Out), new CarbonMass(r.Milligrams), r.Entries))
            .OrderByDescending(r => r.Month).ToList();
    }

    /// <summary>The page's pending earns with where each stands (still pending, confirmed or reversed): one query for the whole page.</summary>
    private async Task<IReadOnlyList<LedgerEntryView>> WithSettlementsAsync(long accountId, IReadOnlyList<LedgerEntryView> items, CancellationToken ct)
    {
        var pendingIds = items.Where(i => i.Kind == LedgerEntryKind.Pending).Select(i => i.Id).ToList();
        if (pendingIds.Count == 0) return items;
        var settledBy = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.SettlesEntryId != null && pendingIds.Contains(e.SettlesEntryId.Value))
            .Select(e => new { Settles = e.SettlesEntryId!.Value, e.Kind })
            .ToDictionaryAsync(e => e.Settles, e => e.Kind, ct);
        return items.Select(i => i.Kind != LedgerEntryKind.Pending ? i : i with
        {
            Pending = settledBy.TryGetValue(i.Id, out var kind)
                ? kind == LedgerEntryKind.Reverse ? PendingState.Reversed : PendingState.Confirmed
                : PendingState.Pending,
        }).ToList();
    }

    /// <summary>The page's entries with the sources that reported the same act again: one query for the whole page.</summary>
    private async Task<IReadOnlyList<LedgerEntryView>> WithLaterReportsAsync(long accountId, IReadOnlyList<LedgerEntryView> items, CancellationToken ct)
    {
        var earnIds = items.Where(i => i.Kind == LedgerEntryKind.Earn).Select(i => i.Id).ToList();
        if (earnIds.Count == 0) return items;
        var reports = (await db.DuplicateReports.AsNoTracking()
                .Where(r => r.AccountId == accountId && earnIds.Contains(r.EntryId))
                .OrderBy(r => r.Id)
                .Select(r => new { r.EntryId, r.Source })
                .ToListAsync(ct))
            .ToLookup(r => r.EntryId, r => r.Source);
        return items.Select(i => reports.Contains(i.Id) ? i with { AlsoReportedBy = reports[i.Id].Distinct().ToList() } : i).ToList();
    }

    /// <summary>CO2e reduced per week or month, the last <paramref name="periods"/> periods up to today, empty periods included.</summary>
    public async Task<IReadOnlyList<ReductionPoint>> GetReductionTrendAsync(long accountId, TrendPeriod period, int periods,
        CancellationToken ct = default)
    {
        periods = Math.Clamp(periods, 1, 104);
        var today = PlatformTime.ChinaToday(clock);
        var starts = Enumerable.Range(0, periods).Select(i => StartOf(today, period, -i)).Reverse().ToList();
        var from = starts[0];

        // The account's daily rollup: at most a few hundred rows come back to be folded into periods.
        var days = await db.AccountDailyReductions.AsNoTracking()
            .Where(d => d.AccountId == accountId && d.Day >= from)
            .GroupBy(d => d.Day)
            .Select(g => new { Day = g.Key, Milligrams = g.Sum(d => d.Milligrams), Credits = g.Sum(d => d.CreditHundredths) })
            .ToListAsync(ct);

        var byStart = days
            .GroupBy(d => StartOf(d.Day, period, 0))
            .ToDictionary(g => g.Key, g => (Milligrams: g.Sum(d => d.Milligrams), Credits: g.Sum(d => d.Credits)));
        return starts.Select(start => byStart.TryGetValue(start, out var sum)
                ? new ReductionPoint(start, new CarbonMass(sum.Milligrams), new Credits(sum.Credits))
                : new ReductionPoint(start, new CarbonMass(0), Credits.Zero))
            .ToList();
    }

    public async Task<IReadOnlyList<CategoryTotal>> GetCategoryBreakdownAsync(long accountId, CancellationToken ct = default)
    {
        var rows = await db.AccountDailyReductions.AsNoTracking()
            .Where(d => d.AccountId == accountId && d.Category != "")
            .GroupBy(d => d.Category)
            .Select(g => new { Category = g.Key, Milligrams = g.Sum(d => d.Milligrams), Credits = g.Sum(d => d.CreditHundredths), Count = g.Sum(d => d.Entries) })
            .ToListAsync(ct);
        return rows.OrderByDescending(r => r.Milligrams)
            .Select(r => new CategoryTotal(Enum.Parse<BehaviourCategory>(r.Category), new CarbonMass(r.Milligrams), new Credits(r.Credits), (int)r.Count))
            .ToList();
    }

    private static DateOnly StartOf(DateOnly day, TrendPeriod period, int shift) => period switch
    {
        TrendPeriod.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).AddDays(7 * shift),
        _ => new DateOnly(day.Year, day.Month, 1).AddMonths(shift),
    };
}
