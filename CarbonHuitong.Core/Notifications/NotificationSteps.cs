using CarbonHuitong.Core.Lifecycle;

namespace CarbonHuitong.Core.Notifications;

/// <summary>The lifecycle job's reminders, after pending events are settled and credits expired, so they tell what is left.</summary>
public sealed class MakeNotificationsStep(NotificationProducer producer) : ILifecycleStep
{
    public string Name => "notifications made";

    public async Task<long> RunAsync(CancellationToken ct) => await producer.ProduceAsync(ct);
}

/// <summary>The job's last step: what is new goes out through the operator's sender.</summary>
public sealed class DeliverNotificationsStep(NotificationDelivery delivery) : ILifecycleStep
{
    public string Name => "notifications delivered";

    public async Task<long> RunAsync(CancellationToken ct) => await delivery.DeliverAsync(ct);
}
