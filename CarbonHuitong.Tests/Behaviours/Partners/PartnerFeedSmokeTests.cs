using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Behaviours.Partners;

public sealed class PartnerFeedSmokeTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_linked_citizens_metro_ride_is_credited_and_a_resend_is_a_duplicate()
    {
        await using var database = await TestDatabase.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        var ride = PartnerSetup.Event("u-1", Methodology.MetroRide, 1, _clock.UtcNow.AddHours(-1), "e-1");

        var first = await database.SendAsync(_clock, partner, ride, PartnerSetup.Event("u-2", Methodology.MetroRide, 1, _clock.UtcNow));
        var again = await database.SendAsync(_clock, partner, ride);

        Assert.Equal(PartnerEventStatus.Accepted, first[0].Status);
        Assert.Equal(Credits.FromDecimal(4.73m), first[0].Credits);
        Assert.Equal((PartnerEventStatus.Refused, PartnerEventCodes.NotLinked), (first[1].Status, first[1].Code));
        Assert.Equal((PartnerEventStatus.Duplicate, Credits.FromDecimal(4.73m)), (again[0].Status, again[0].Credits));
        await using var db = database.CreateContext();
        var report = await new CarbonHuitong.Core.Integrity.InvariantChecker(db).CheckAsync();
        Assert.True(report.AllHold, report.ToString());
    }
}
