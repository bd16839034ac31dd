using System.Globalization;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// Whole China months, <see cref="From"/> to <see cref="To"/> inclusive, each given by its first day: the only periods
/// regional statistics cover, so every figure comes from monthly rollups.
/// </summary>
public sealed record MonthRange
{
    public const int MaxMonths = 36;

    public MonthRange(DateOnly From, DateOnly To)
    {
        if (From.Day != 1 || To.Day != 1) throw Bad("A period runs from the first day of a month to the first day of a month.");
        if (From > To) throw Bad("A period's first month comes before its last.");
        if (MonthsBetween(From, To) + 1 > MaxMonths) throw Bad($"A period covers at most {MaxMonths} months.");
        this.From = From;
        this.To = To;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }

    public int Count => MonthsBetween(From, To) + 1;

    public IEnumerable<DateOnly> Months => Enumerable.Range(0, Count).Select(i => From.AddMonths(i));

    /// <summary>The first instant of the period, in UTC.</summary>
    public DateTime StartUtc => PlatformTime.ChinaDateToUtc(From);

    /// <summary>The first instant after the period, in UTC.</summary>
    public DateTime EndUtc => PlatformTime.ChinaDateToUtc(To.AddMonths(1));

    public bool Contains(DateOnly month) => month >= From && month <= To;

    public void Deconstruct(out DateOnly from, out DateOnly to) => (from, to) = (From, To);

    /// <summary>The 12 China months up to and including the current one.</summary>
    public static MonthRange LastTwelve(DateTime nowUtc)
    {
        var current = MonthOf(PlatformTime.ChinaDateOf(nowUtc));
        return new MonthRange(current.AddMonths(-11), current);
    }

    /// <summary>"YYYY-MM" to "YYYY-MM"; both absent means the last twelve months. Anything else is refused with <c>bad_period</c>.</summary>
    public static MonthRange Parse(string? from, string? to, DateTime nowUtc)
    {
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(to)) return LastTwelve(nowUtc);
        return new MonthRange(ParseMonth(from), ParseMonth(to));
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>"2026-03" for March 2026.</summary>
    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static DateOnly ParseMonth(string? text)
    {
        if (text is null || text.Length != 7
            || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            throw Bad("A month is written YYYY-MM, and a period gives both its first and its last month.");
        // The first and last months a China day can be stored in UTC.
        if (month.Year is < 2 or > 9998) throw Bad("That month is outside the calendar the platform keeps.");
        return month;
    }

    private static int MonthsBetween(DateOnly from, DateOnly to) => (to.Year - from.Year) * 12 + to.Month - from.Month;

    private static DomainException Bad(string message) => new(ErrorCodes.BadPeriod, message);
}
