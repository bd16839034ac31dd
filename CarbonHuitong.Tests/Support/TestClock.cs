namespace CarbonHuitong.Tests.Support;

/// <summary>A clock the test sets and moves by hand. Reads are safe from many threads.</summary>
public sealed class TestClock(DateTimeOffset utcNow) : TimeProvider
{
    /// <summary>Wednesday 18 March 2026, 10:00 China time: a weekday in the middle of a week and a month.</summary>
    public static readonly DateTimeOffset DefaultStart = new(ChinaTime.Utc(2026, 3, 18, 10, 0), TimeSpan.Zero);

    private long _utcTicks = utcNow.UtcTicks;

    public TestClock() : this(DefaultStart) { }

    public DateTime UtcNow => new(Interlocked.Read(ref _utcTicks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void SetUtcNow(DateTime utc) => Interlocked.Exchange(ref _utcTicks, DateTime.SpecifyKind(utc, DateTimeKind.Utc).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}

/// <summary>Citizens' wall-clock time (UTC+8) turned into the UTC instants the ledger stores.</summary>
public static class ChinaTime
{
    public static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) =>
        DateTime.SpecifyKind(new DateTime(year, month, day, hour, minute, 0) - CarbonHuitong.Core.PlatformTime.ChinaOffset, DateTimeKind.Utc);
}
