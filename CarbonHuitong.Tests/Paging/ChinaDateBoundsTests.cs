using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Paging;

/// <summary>The China-date filter at the ends of the calendar: an open bound, never an overflow.</summary>
public sealed class ChinaDateBoundsTests
{
    private static readonly DateTime[] Instants =
    [
        DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        new(2026, 3, 18, 2, 0, 0, DateTimeKind.Utc),
        DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc),
    ];

    [Fact]
    public void The_first_day_begins_before_any_instant_and_bounds_nothing()
    {
        Assert.Null(PlatformTime.ChinaDayStartUtc(DateOnly.MinValue.DayNumber));
        Assert.Equal(3, Instants.AsQueryable().WithinChinaDates(t => t, DateOnly.MinValue, null).Count());
    }

    [Fact]
    public void The_last_day_ends_at_16_00_UTC_on_31_December_9999()
    {
        Assert.Equal(new DateTime(9999, 12, 31, 16, 0, 0, DateTimeKind.Utc), PlatformTime.ChinaDayStartUtc(DateOnly.MaxValue.DayNumber + 1));
        // The last instant there is falls on 1 January 10000 China time, a day no DateOnly names.
        Assert.Equal(2, Instants.AsQueryable().WithinChinaDates(t => t, null, DateOnly.MaxValue).Count());
        Assert.Equal(2, Instants.AsQueryable().WithinChinaDates(t => t, DateOnly.MinValue, DateOnly.MaxValue).Count());
    }

    [Fact]
    public void Only_the_first_instant_is_on_the_first_day_and_nothing_is_after_the_last()
    {
        Assert.Equal([Instants[0]], Instants.AsQueryable().WithinChinaDates(t => t, null, DateOnly.MinValue).ToArray());
        Assert.Equal([Instants[2]], Instants.AsQueryable().WithinChinaDates(t => t, DateOnly.MaxValue, null).ToArray());
    }

    [Fact]
    public void A_day_in_between_is_its_China_day()
    {
        var day = new DateOnly(2026, 3, 18);
        Assert.Equal(new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc), PlatformTime.ChinaDayStartUtc(day.DayNumber));
        Assert.Equal([Instants[1]], Instants.AsQueryable().WithinChinaDates(t => t, day, day).ToArray());
    }
}
