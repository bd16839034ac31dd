using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;

namespace CarbonHuitong.Web.Demo;

/// <summary>One green act of a demo resident, as the partner that saw it reports it.</summary>
public sealed record DemoAct(DemoPartner Partner, int Member, string Behaviour, decimal Quantity, DateTime OccurredAtUtc);

/// <summary>
/// The demo residents' weeks, as their partners saw them. Fixed, so every fresh demo world reads the same, except
/// for where today falls in the week.
/// </summary>
public static class DemoRoutines
{
    public const int CitizenMember = 10086;
    public const int SecondCitizenMember = 10087;
    public const int FirstNeighbourMember = 20001;
    public const int Neighbours = 6;
    public const int DaysOfHistory = 27;

    /// <summary>
    /// The citizen: weekday bus commutes (渝快办's ride code), a Saturday metro trip and bicycle ride, a Wednesday
    /// takeaway without utensils, parcels every five days and the day's steps every evening.
    /// </summary>
    public static IEnumerable<DemoAct> Citizen(DateOnly today)
    {
        const int member = CitizenMember;
        for (var daysAgo = DaysOfHistory; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            if (IsWeekday(day))
            {
                yield return new(DemoPartner.Yukuaiban, member, Methodology.BusRide, 1, At(day, 8, 0));
                yield return new(DemoPartner.Yukuaiban, member, Methodology.BusRide, 1, At(day, 18, 0));
            }
            if (day.DayOfWeek == DayOfWeek.Wednesday) yield return new(DemoPartner.Takeaway, member, Methodology.TakeawayWithoutUtensils, 1, At(day, 12, 0));
            if (day.DayOfWeek == DayOfWeek.Saturday)
            {
                yield return new(DemoPartner.Metro, member, Methodology.MetroRide, 1, At(day, 10, 0));
                yield return new(DemoPartner.BikeShare, member, Methodology.SharedBicycle, 3.5m, At(day, 15, 0));
            }
            if (daysAgo % 5 == 0) yield return new(DemoPartner.Logistics, member, Methodology.ElectronicWaybill, 2, At(day, 20, 0));
            // Thousands of steps: 5.2k to 7.9k on a working day, a longer walk on Sunday; always under the daily cap.
            var steps = day.DayOfWeek == DayOfWeek.Sunday ? 9.6m : 5.2m + day.DayNumber % 4 * 0.9m;
            yield return new(DemoPartner.Health, member, Methodology.Walking, steps, At(day, 21, 30));
        }
    }

    /// <summary>
    /// What shows each rule of the feed on the citizen's ledger: a metro ride that 重庆轨道交通 and then 渝快办 report
    /// (counted once), and a day of hiking whose evening steps reach the walking cap.
    /// </summary>
    public static IEnumerable<DemoAct> CitizenMoments(DateOnly today)
    {
        var twoDaysAgo = today.AddDays(-2);
        yield return new(DemoPartner.Metro, CitizenMember, Methodology.MetroRide, 1, At(twoDaysAgo, 8, 30));
        yield return new(DemoPartner.Yukuaiban, CitizenMember, Methodology.MetroRide, 1, At(twoDaysAgo, 8, 31));
        // 12,000 steps (240 g) by noon: the evening's count is credited only up to the 296 g a day.
        yield return new(DemoPartner.Health, CitizenMember, Methodology.Walking, 12, At(today.AddDays(-3), 11, 0));
    }

    /// <summary>
    /// The citizen's bus commutes last November, imported as the operator's history: credits earned last year, which
    /// expire at the end of this one unless spent first.
    /// </summary>
    public static IEnumerable<DemoAct> CitizenLastYear(DateOnly today)
    {
        var november = new DateOnly(today.Year - 1, 11, 1);
        for (var day = november; day.Month == 11; day = day.AddDays(1))
        {
            if (!IsWeekday(day)) continue;
            yield return new(DemoPartner.Yukuaiban, CitizenMember, Methodology.BusRide, 1, At(day, 7, 50));
            yield return new(DemoPartner.Yukuaiban, CitizenMember, Methodology.BusRide, 1, At(day, 17, 50));
        }
    }

    /// <summary>The second citizen: metro commutes, lunchtime bicycle rides and the day's steps, for the last week only.</summary>
    public static IEnumerable<DemoAct> SecondCitizen(DateOnly today)
    {
        const int member = SecondCitizenMember;
        for (var daysAgo = 6; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            if (IsWeekday(day))
            {
                yield return new(DemoPartner.Metro, member, Methodology.MetroRide, 1, At(day, 8, 15));
                yield return new(DemoPartner.Metro, member, Methodology.MetroRide, 1, At(day, 18, 10));
            }
            if (day.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Thursday)
                yield return new(DemoPartner.BikeShare, member, Methodology.SharedBicycle, 2.2m, At(day, 12, 30));
            if (day.DayOfWeek == DayOfWeek.Saturday) yield return new(DemoPartner.BikeShare, member, Methodology.SharedBicycle, 6.5m, At(day, 16, 0));
            yield return new(DemoPartner.Health, member, Methodology.Walking, 4.1m + day.DayNumber % 3 * 1.3m, At(day, 22, 0));
        }
    }

    /// <summary>Neighbours who never sign in, each with a few partners of their own, so the partners' figures have more than two people.</summary>
    public static IEnumerable<DemoAct> Neighbour(int index, DateOnly today)
    {
        var member = FirstNeighbourMember + index;
        for (var daysAgo = 6; daysAgo >= 1; daysAgo--)
        {
            var day = today.AddDays(-daysAgo);
            if (index % 2 == 0 && IsWeekday(day))
            {
                yield return new(DemoPartner.Metro, member, Methodology.MetroRide, 1, At(day, 7, 40 + index));
                yield return new(DemoPartner.Metro, member, Methodology.MetroRide, 1, At(day, 17, 50 + index));
            }
            if (index % 2 == 1 && IsWeekday(day)) yield return new(DemoPartner.Yukuaiban, member, Methodology.BusRide, 1, At(day, 8, 5 + index));
            if (index % 3 == 0 && daysAgo % 2 == 0)
                yield return new(DemoPartner.BikeShare, member, Methodology.SharedBicycle, 1.8m + index * 0.3m, At(day, 19, 10));
            if ((day.DayNumber + index) % 3 == 0) yield return new(DemoPartner.Takeaway, member, Methodology.TakeawayWithoutUtensils, 1, At(day, 12, 20));
            if (index % 3 == 1 && daysAgo % 4 == 0)
                yield return new(DemoPartner.Logistics, member, Methodology.ElectronicWaybill, 1 + index % 3, At(day, 16, 45));
            yield return new(DemoPartner.Health, member, Methodology.Walking, 3.0m + index * 0.8m, At(day, 21, 0));
        }
    }

    private static bool IsWeekday(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>A China-time clock reading on a China date, in UTC.</summary>
    private static DateTime At(DateOnly day, int hour, int minute) => PlatformTime.ChinaDateToUtc(day).AddHours(hour).AddMinutes(minute);
}
