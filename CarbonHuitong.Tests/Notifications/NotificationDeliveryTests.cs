using CarbonHuitong.Core.Lifecycle;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Privacy;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>Outbound delivery: every notification goes to the operator's sender once, and is then marked delivered.</summary>
public abstract class NotificationDeliveryTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    private async Task<List<long>> TellAsync(TestStore database, Citizen citizen, int count)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
            ids.Add(await database.TellAsync(Notification.Of(citizen.AccountId, NotificationKind.AccountUnfrozen, $"test/{citizen.AccountId}/{i}", _clock.UtcNow)));
        return ids;
    }

    [SkippableFact]
    public async Task Delivery_hands_each_notification_to_the_sender_once_in_batches_and_marks_it_delivered()
    {
        await using var database = await stores.CreateAsync();
        var ids = await TellAsync(database, await new CitizenBuilder().BuildAsync(database, _clock), 7);
        var sender = new RecordingSender();
        Action<NotificationOptions> batchesOfThree = o => o.BatchSize = 3;

        Assert.Equal(7, await database.DeliverAsync(_clock, sender, batchesOfThree));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await database.DeliverAsync(_clock, sender, batchesOfThree));

        Assert.Equal(ids, sender.Sent);
        Assert.Equal(3, sender.Calls);
        Assert.All(await database.AllNotificationsAsync(), n => Assert.Equal(_clock.UtcNow.AddMinutes(-5), n.DeliveredAt));
    }

    [SkippableFact]
    public async Task A_failing_sender_leaves_its_batch_for_the_next_run_and_a_closed_account_is_never_sent_to()
    {
        await using var database = await stores.CreateAsync();
        var first = await TellAsync(database, await new CitizenBuilder().BuildAsync(database, _clock), 2);
        var closing = await database.WithPasswordAsync(_clock, await new CitizenBuilder().BuildAsync(database, _clock));
        await TellAsync(database, closing, 1);
        await database.CloseAsync(_clock, closing);
        var second = await TellAsync(database, await new CitizenBuilder().BuildAsync(database, _clock), 2);
        var failing = new RecordingSender { FailOnCall = 2 };
        Action<NotificationOptions> batchesOfTwo = o => o.BatchSize = 2;

        Assert.Equal(2, await database.DeliverAsync(_clock, failing, batchesOfTwo));
        var working = new RecordingSender();
        Assert.Equal(2, await database.DeliverAsync(_clock, working, batchesOfTwo));

        Assert.Equal(first, failing.Sent);
        Assert.Equal(second, working.Sent);
        var left = Assert.Single(await database.AllNotificationsAsync(), n => n.DeliveredAt is null);
        Assert.Equal(closing.AccountId, left.AccountId);
    }

    [SkippableFact]
    public async Task The_lifecycle_job_settles_expires_tells_and_delivers_in_that_order_and_a_second_run_tells_nothing_new()
    {
        await using var database = await stores.CreateAsync();
        var partner = await new PartnerBuilder().BuildAsync(database, _clock);
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await database.LinkAsync(_clock, partner, citizen.AccountId, "u-1");
        var sender = new RecordingSender();

        var first = await database.AsRequestAsync(_clock, s => s.GetRequiredService<CreditLifecycle>().RunAsync("test-server"), sender);
        var second = await database.AsRequestAsync(_clock, s => s.GetRequiredService<CreditLifecycle>().RunAsync("test-server"), sender);

        Assert.Equal(["pending events confirmed", "accounts with credits expired", "notifications made", "notifications delivered", "activity months counted"],
            first.Steps.Select(s => s.Step));
        Assert.Equal([0L, 0L, 1L, 1L, 0L], first.Steps.Select(s => s.Count));
        Assert.Equal([0L, 0L, 0L, 0L, 0L], second.Steps.Select(s => s.Count));
        Assert.Equal((await database.AllNotificationsAsync()).Select(n => n.Id), sender.Sent);
    }

    [SkippableFact]
    public async Task Without_an_operators_sender_the_default_only_logs()
    {
        await using var database = await stores.CreateAsync();
        await TellAsync(database, await new CitizenBuilder().BuildAsync(database, _clock), 1);
        await using var services = NotificationWorld.Services(database, _clock);
        await using var scope = services.CreateAsyncScope();

        Assert.IsType<LoggingNotificationSender>(scope.ServiceProvider.GetRequiredService<INotificationSender>());
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NotificationDelivery>().DeliverAsync());
    }
}

public sealed class NotificationDeliveryTestsOnSqlite() : NotificationDeliveryTests(SqliteTestStores.Instance);

public sealed class NotificationDeliveryTestsOnPostgres(PostgresTestStores postgres) : NotificationDeliveryTests(postgres), IClassFixture<PostgresTestStores>;
