using CarbonHuitong.Core;
using CarbonHuitong.Core.Notifications;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Notifications;

/// <summary>A sender as an operator would plug one in, keeping what it was handed, so a test can count deliveries.</summary>
public sealed class RecordingSender : INotificationSender
{
    private readonly List<long> _sent = [];
    private readonly Lock _gate = new();

    /// <summary>When set, the sender throws on this call (1 = the first batch) instead of sending.</summary>
    public int? FailOnCall { get; init; }

    public int Calls { get; private set; }

    public IReadOnlyList<long> Sent
    {
        get
        {
            lock (_gate) return [.. _sent];
        }
    }

    public Task SendAsync(IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        lock (_gate)
        {
            Calls++;
            if (Calls == FailOnCall) throw new HttpRequestException("The SMS gateway is down.");
            _sent.AddRange(notifications.Select(n => n.Id));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Core wired as the app wires it, on either store, one scope per call, with the settings and the sender a test gives.</summary>
internal static class NotificationWorld
{
    public static ServiceProvider Services(TestStore database, TimeProvider clock, Action<NotificationOptions>? settings = null,
        INotificationSender? sender = null)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddLogging();
        services.AddCarbonHuitongCore(database.Settings);
        if (settings is not null) services.Configure(settings);
        if (sender is not null) services.AddScoped(_ => sender);
        return services.BuildServiceProvider();
    }

    public static async Task<T> AsRequestAsync<T>(this TestStore database, TimeProvider clock, Func<IServiceProvider, Task<T>> call,
        INotificationSender? sender = null, Action<NotificationOptions>? settings = null)
    {
        await using var services = Services(database, clock, settings, sender);
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    /// <summary>One run of the producer, as the lifecycle job's step makes it.</summary>
    public static Task<int> ProduceAsync(this TestStore database, TimeProvider clock, Action<NotificationOptions>? settings = null) =>
        database.AsRequestAsync(clock, s => s.GetRequiredService<NotificationProducer>().ProduceAsync(), settings: settings);

    public static Task<int> DeliverAsync(this TestStore database, TimeProvider clock, INotificationSender sender, Action<NotificationOptions>? settings = null) =>
        database.AsRequestAsync(clock, s => s.GetRequiredService<NotificationDelivery>().DeliverAsync(), sender, settings);

    public static async Task<List<Notification>> NotificationsOfAsync(this TestStore database, long accountId)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId).OrderBy(n => n.Id).ToListAsync();
    }

    public static async Task<List<Notification>> AllNotificationsAsync(this TestStore database)
    {
        await using var db = database.CreateContext();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>A notification as another service tells one inline (a claim's decision, a freeze), in its own save.</summary>
    public static async Task<long> TellAsync(this TestStore database, Notification notification)
    {
        await using var db = database.CreateContext();
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    public static PageRequest FirstPage(int size = 20) => new(1, size);
}
