using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Mall;
using CarbonHuitong.Tests.Privacy;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Transit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>The lifecycle job tells each citizen each fact once: what is about to expire, and what happened to their credits, coupons and partners.</summary>
public abstract class NotificationProducerTests(ITestStores stores)
{
    [SkippableFact]
    public async Task Credits_due_at_the_next_cutoff_are_told_once_from_thirty_days_before_it_with_what_would_expire_and_the_last_day()
    {
        // Earned in 2025, so spendable through 2026-12-31 (one valid year after the year earned).
        var clock = new TestClock(ChinaTime.Utc(2025, 6, 10, 9, 0));
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, clock);
        var nothingDue = await new CitizenBuilder().BuildAsync(database, clock);
        clock.SetUtcNow(ChinaTime.Utc(2026, 2, 1, 9, 0));
        await using (var db = database.CreateContext())
        {
            var ledger = new TestLedger(db, clock);
            await ledger.SpendAsync(citizen.AccountId, Credits.FromDecimal(5m), "A coupon", null);
            await ledger.AdjustAsync(citizen.AccountId, Credits.FromDecimal(10m), "Earned in 2026, due a year later");
            await ledger.AdjustAsync(nothingDue.AccountId, Credits.FromDecimal(8m), "Earned in 2026, due a year later");
        }

        clock.SetUtcNow(ChinaTime.Utc(2026, 11, 30, 9, 0)); // 31 days and 15 hours before the cutoff
        Assert.Equal(0, await database.ProduceAsync(clock));
        clock.SetUtcNow(ChinaTime.Utc(2026, 12, 2, 9, 0));
        Assert.Equal(1, await database.ProduceAsync(clock));
        clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(0, await database.ProduceAsync(clock));

        var told = Assert.Single(await database.AllNotificationsAsync());
        Assert.Equal((citizen.AccountId, NotificationKind.CreditsExpiring, "credits-expiring/2025", 2_500L, new DateOnly(2026, 12, 31)),
            (told.AccountId, told.Kind, told.FactKey, told.CreditHundredths, told.Day));
        Assert.Equal(ChinaTime.Utc(2026, 12, 2, 9, 0), told.CreatedAt);
        Assert.Null(told.ReadAt);
        Assert.Null(told.DeliveredAt);
    }

    [SkippableFact]
    public async Task An_unused_coupon_is_told_within_three_days_of_its_expiry_with_its_face_value_and_last_day_and_a_used_one_is_not()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(40m).BuildAsync(database, clock);
        var item = await new MallBuilder().Priced(20m).WithFaceValue(new Fen(300)).ValidForDays(30).BuildAsync(database, clock);
        var validator = await Validator.RegisterAsync(database, clock, await database.LoadRideCodesAsync(clock));
        var ridden = (await database.RedeemAsync(clock, citizen.AccountId, item.Id, "ridden")).Coupon;
        clock.SetUtcNow(ridden.ExpiresAt.AddDays(-10));
        var kept = (await database.RedeemAsync(clock, citizen.AccountId, item.Id, "kept")).Coupon;
        clock.SetUtcNow(ridden.ExpiresAt.AddDays(-4));
        Assert.Equal(0, await database.ProduceAsync(clock));
        // The ride takes the coupon expiring soonest.
        Assert.Equal(ridden.Id, (await validator.ScanAsync(validator.ScanOf(citizen.AccountId, fareFen: 300))).CouponId);

        clock.SetUtcNow(ridden.ExpiresAt.AddDays(-2));
        await database.ProduceAsync(clock);
        clock.SetUtcNow(kept.ExpiresAt.AddDays(-3).AddMinutes(-1));
        Assert.Equal(0, await database.ProduceAsync(clock));
        clock.SetUtcNow(kept.ExpiresAt.AddDays(-3));
        Assert.Equal(1, await database.ProduceAsync(clock));

        var told = await database.NotificationsOfAsync(citizen.AccountId);
        Assert.Equal([NotificationKind.CouponUsed, NotificationKind.CouponExpiring], told.Select(n => n.Kind));
        Assert.Equal((NotificationKind.CouponExpiring, "coupon-expiring/" + kept.Code, 300L, PlatformTime.LastChinaDayBefore(kept.ExpiresAt), kept.Code),
            (told[1].Kind, told[1].FactKey, told[1].FaceValueFen, told[1].Day, told[1].Subject));
    }

    [SkippableFact]
    public async Task A_coupon_used_at_a_ride_is_told_with_its_code_face_value_and_line()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(20m).BuildAsync(database, clock);
        var item = await new MallBuilder().Priced(20m).WithFaceValue(new Fen(200)).BuildAsync(database, clock);
        var coupon = (await database.RedeemAsync(clock, citizen.AccountId, item.Id, "r")).Coupon;
        var validator = await Validator.RegisterAsync(database, clock, await database.LoadRideCodesAsync(clock));
        clock.Advance(TimeSpan.FromHours(2));
        Assert.True((await validator.ScanAsync(validator.ScanOf(citizen.AccountId))).CouponApplied);

        Assert.Equal(1, await database.ProduceAsync(clock));

        var told = Assert.Single(await database.NotificationsOfAsync(citizen.AccountId));
        Assert.Equal((NotificationKind.CouponUsed, "coupon-used/" + coupon.Code, 200L, coupon.Code, TransitBuilder.LineId),
            (told.Kind, told.FactKey, told.FaceValueFen, told.Subject, told.Detail));
    }

    [SkippableFact]
    public async Task A_pending_credit_confirmed_and_one_reversed_are_each_told_with_the_amount_and_the_partner()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, clock);
        await database.LinkAsync(clock, partner, citizen.AccountId, "u-1");
        await database.SendAsync(clock, partner,
            PartnerSetup.Event("u-1", Methodology.TakeawayWithoutUtensils, 1, clock.UtcNow.AddMinutes(-5), "order-1") with { Pending = true },
            PartnerSetup.Event("u-1", Methodology.TakeawayWithoutUtensils, 1, clock.UtcNow.AddMinutes(-4), "order-2") with { Pending = true });
        clock.Advance(TimeSpan.FromHours(1));
        await database.AsRequestAsync(clock, s => s.GetRequiredService<PartnerSettlements>().ConfirmAsync(partner.Identity, ["order-1"]));
        await database.AsRequestAsync(clock, s => s.GetRequiredService<PartnerSettlements>().ReverseAsync(partner.Identity, ["order-2"]));

        await database.ProduceAsync(clock);

        await using var db = database.CreateContext();
        var settled = await db.LedgerEntries.AsNoTracking().Where(e => e.SettlesEntryId != null).OrderBy(e => e.Id).ToListAsync();
        var told = (await database.NotificationsOfAsync(citizen.AccountId)).Where(n => n.Kind != NotificationKind.PartnerLinked).ToList();
        Assert.Equal(
            [
                (NotificationKind.PendingConfirmed, $"pending-confirmed/{settled[0].Id}", settled[0].CreditHundredths, partner.Code),
                (NotificationKind.PendingReversed, $"pending-reversed/{settled[1].Id}", -settled[1].PendingHundredths, partner.Code),
            ],
            told.Select(n => (n.Kind, n.FactKey, n.CreditHundredths!.Value, n.Subject!)));
        Assert.All(told, n => Assert.True(n.CreditHundredths > 0));
    }

    [SkippableFact]
    public async Task A_partner_linked_revoked_and_linked_again_is_told_each_time()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, clock);
        await database.LinkAsync(clock, partner, citizen.AccountId, "u-1");
        await database.ProduceAsync(clock);
        clock.Advance(TimeSpan.FromHours(1));
        await using (var db = database.CreateContext()) await PartnerSetup.Links(db, clock).RevokeAsync(citizen.AccountId, partner.Code, deleteEvents: false);
        await database.ProduceAsync(clock);
        clock.Advance(TimeSpan.FromHours(1));
        await database.LinkAsync(clock, partner, citizen.AccountId, "u-1");
        await database.ProduceAsync(clock);
        clock.Advance(TimeSpan.FromHours(1));
        await database.ProduceAsync(clock);

        var told = await database.NotificationsOfAsync(citizen.AccountId);
        Assert.Equal([NotificationKind.PartnerLinked, NotificationKind.PartnerRevoked, NotificationKind.PartnerLinked], told.Select(n => n.Kind));
        Assert.All(told, n => Assert.Equal(partner.Code, n.Subject));
        Assert.Equal(3, told.Select(n => n.FactKey).Distinct().Count());
        Assert.All(told, n => Assert.Matches(@"^partner-(linked|revoked)/\d+/\d{14}$", n.FactKey));
    }

    [SkippableFact]
    public async Task Facts_older_than_the_lookback_and_closed_accounts_are_not_told()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, clock);
        var early = await new CitizenBuilder().BuildAsync(database, clock);
        await database.LinkAsync(clock, partner, early.AccountId, "early");
        clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var closing = await database.WithPasswordAsync(clock, await new CitizenBuilder().BuildAsync(database, clock));
        await database.LinkAsync(clock, partner, closing.AccountId, "closing");
        await database.CloseAsync(clock, closing);

        Assert.Equal(0, await database.ProduceAsync(clock));
        Assert.Equal(1, await database.ProduceAsync(clock, o => o.LookbackDays = 8));
        Assert.Equal(early.AccountId, Assert.Single(await database.AllNotificationsAsync()).AccountId);
    }

    [SkippableFact]
    public async Task Running_the_producer_twice_and_two_producers_at_once_on_two_contexts_make_each_notification_once()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, clock);
        var item = await new MallBuilder().Priced(5m).WithFaceValue(new Fen(200)).ValidForDays(2).BuildAsync(database, clock);
        var citizens = new List<Citizen>();
        for (var i = 0; i < 12; i++)
        {
            var citizen = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, clock);
            await database.LinkAsync(clock, partner, citizen.AccountId, $"u-{i}");
            await database.RedeemAsync(clock, citizen.AccountId, item.Id, $"r-{i}");
            citizens.Add(citizen);
        }
        // Small pages, so the two producers interleave page by page.
        Action<NotificationOptions> smallPages = o => o.BatchSize = 5;

        var made = await Task.WhenAll(Task.Run(() => database.ProduceAsync(clock, smallPages)), Task.Run(() => database.ProduceAsync(clock, smallPages)));
        var again = await database.ProduceAsync(clock, smallPages);

        var told = await database.AllNotificationsAsync();
        Assert.Equal(24, made.Sum());
        Assert.Equal(0, again);
        Assert.Equal(24, told.Count);
        foreach (var citizen in citizens)
            Assert.Equal([NotificationKind.CouponExpiring, NotificationKind.PartnerLinked],
                told.Where(n => n.AccountId == citizen.AccountId).Select(n => n.Kind).Order());
    }
}

public sealed class NotificationProducerTestsOnSqlite() : NotificationProducerTests(SqliteTestStores.Instance);

public sealed class NotificationProducerTestsOnPostgres(PostgresTestStores postgres) : NotificationProducerTests(postgres), IClassFixture<PostgresTestStores>;
