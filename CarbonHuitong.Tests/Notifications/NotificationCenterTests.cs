using CarbonHuitong.Core;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>A citizen's own notifications: newest first, an unread count, and marking them read, never anyone else's.</summary>
public abstract class NotificationCenterTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task The_list_is_newest_first_and_paged_the_bell_counts_unread_and_marking_read_is_one_or_all()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await database.TellAsync(Notification.Of(citizen.AccountId, NotificationKind.CouponExpiring, $"coupon-expiring/C{i}", _clock.UtcNow,
                faceValueFen: 200, day: new DateOnly(2026, 3, 20), subject: $"C{i}")));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        await database.TellAsync(Notification.Of(other.AccountId, NotificationKind.AccountUnfrozen, "unfrozen/1", _clock.UtcNow));

        await database.AsRequestAsync(_clock, async s =>
        {
            var center = s.GetRequiredService<NotificationCenter>();
            var second = await center.PageAsync(citizen.AccountId, new PageRequest(2, 2));
            Assert.Equal((5, 3), (second.TotalCount, second.PageCount));
            Assert.Equal([ids[2], ids[1]], second.Items.Select(n => n.Id));
            Assert.Equal((new Core.Mall.Fen(200), "C2", false), (second.Items[0].FaceValue, second.Items[0].Subject, second.Items[0].Read));
            Assert.Equal(5, await center.UnreadCountAsync(citizen.AccountId));

            await center.MarkReadAsync(citizen.AccountId, ids[0]);
            await center.MarkReadAsync(citizen.AccountId, ids[0]);
            Assert.Equal(4, await center.UnreadCountAsync(citizen.AccountId));
            Assert.True((await center.PageAsync(citizen.AccountId, new PageRequest(1, 5))).Items[^1].Read);

            Assert.Equal(4, await center.MarkAllReadAsync(citizen.AccountId));
            Assert.Equal(0, await center.UnreadCountAsync(citizen.AccountId));
            Assert.Equal(1, await center.UnreadCountAsync(other.AccountId));
            return 0;
        });
    }

    [SkippableFact]
    public async Task Another_citizens_notification_is_not_found_and_stays_unread()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        var other = await new CitizenBuilder().BuildAsync(database, _clock);
        var theirs = await database.TellAsync(Notification.Of(other.AccountId, NotificationKind.AccountFrozen, "frozen/1", _clock.UtcNow, detail: "Suspected fraud"));

        var refusal = await database.AsRequestAsync(_clock, s =>
            Assert.ThrowsAsync<DomainException>(() => s.GetRequiredService<NotificationCenter>().MarkReadAsync(citizen.AccountId, theirs)));

        Assert.Equal(ErrorCodes.NotFound, refusal.Code);
        Assert.Null(Assert.Single(await database.AllNotificationsAsync()).ReadAt);
        Assert.Equal(0, await database.AsRequestAsync(_clock, s => s.GetRequiredService<NotificationCenter>().MarkAllReadAsync(citizen.AccountId)));
    }
}

public sealed class NotificationCenterTestsOnSqlite() : NotificationCenterTests(SqliteTestStores.Instance);

public sealed class NotificationCenterTestsOnPostgres(PostgresTestStores postgres) : NotificationCenterTests(postgres), IClassFixture<PostgresTestStores>;
