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
}
