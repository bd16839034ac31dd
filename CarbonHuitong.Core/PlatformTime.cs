using System.Linq.Expressions;

namespace CarbonHuitong.Core;

/// <summary>
/// Instants are stored in UTC; citizens live on China Standard Time (UTC+8, no daylight saving),
/// so days, weeks and months in reports are China's.
/// </summary>
public static class PlatformTime
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    public static DateTime ToChinaTime(DateTime utc) => DateTime.SpecifyKind(utc + ChinaOffset, DateTimeKind.Unspecified);

    public static DateTime ChinaDateToUtc(DateOnly chinaDate) =>
        DateTime.SpecifyKind(chinaDate.ToDateTime(TimeOnly.MinValue) - ChinaOffset, DateTimeKind.Utc);

    public static DateOnly ChinaToday(TimeProvider clock) => DateOnly.FromDateTime(ToChinaTime(clock.GetUtcNow().UtcDateTime));

    public static DateOnly ChinaDateOf(DateTime utc) => DateOnly.FromDateTime(ToChinaTime(utc));

    /// <summary>
    /// The first instant of a China day, in UTC, or null for 1 January of year 1, which began (UTC+8) before the first
    /// instant a <see cref="DateTime"/> can hold. Counted in ticks, so the day after 31 December 9999 is no overflow
    /// either: it begins at 16:00 UTC on that last day.
    /// </summary>
    public static DateTime? ChinaDayStartUtc(int chinaDayNumber)
    {
        var ticks = chinaDayNumber * TimeSpan.TicksPerDay - ChinaOffset.Ticks;
        return ticks < 0 ? null : new DateTime(ticks, DateTimeKind.Utc);
    }

    /// <summary>
    /// "Valid through 31 December" ends at the first instant of 1 January, China time: the instant a validity is
    /// stored as, so a comparison with now is all a query needs.
    /// </summary>
    public static DateTime EndOfChinaDay(DateOnly lastDay) => ChinaDateToUtc(lastDay.AddDays(1));

    /// <summary>The last China day before an exclusive end: what "valid through" shows for <see cref="EndOfChinaDay"/>.</summary>
    public static DateOnly LastChinaDayBefore(DateTime exclusiveEndUtc) => ChinaDateOf(exclusiveEndUtc.AddTicks(-1));
}

public static class ChinaDateQueries
{
    /// <summary>
    /// Keeps the rows whose instant falls on or after <paramref name="from"/> and on or before <paramref name="to"/>,
    /// both China dates, compared in SQL against UTC bounds (an index on the instant still serves).
    /// </summary>
    public static IQueryable<T> WithinChinaDates<T>(this IQueryable<T> query, Expression<Func<T, DateTime>> instant, DateOnly? from, DateOnly? to)
    {
        // A day that began before any instant can be stored bounds nothing: every row is on or after it.
        if (from is { } first && PlatformTime.ChinaDayStartUtc(first.DayNumber) is { } fromUtc)
            query = query.Where(Compare(instant, () => fromUtc, Expression.GreaterThanOrEqual));
        // The day after the last: by day number, since 31 December 9999 has no DateOnly after it.
        if (to is { } last && PlatformTime.ChinaDayStartUtc(last.DayNumber + 1) is { } beforeUtc)
            query = query.Where(Compare(instant, () => beforeUtc, Expression.LessThan));
        return query;
    }

    // The bound is read from a closure, so EF sends it as a parameter and reuses the query plan.
    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, DateTime>> instant, Expression<Func<DateTime>> bound,
        Func<Expression, Expression, BinaryExpression> comparison) =>
        Expression.Lambda<Func<T, bool>>(comparison(instant.Body, bound.Body), instant.Parameters);
}
