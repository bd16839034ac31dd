using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Notifications;

/// <summary>
/// Takes notifications out of the app, to citizens who do not open it: SMS, app push, mail. The default only logs; an
/// operator registers another implementation (scoped, after <c>AddCarbonHuitongCore</c>) to send for real.
/// </summary>
/// <remarks>
/// A batch is marked delivered once <see cref="SendAsync"/> returns. An exception leaves the whole batch undelivered, so
/// the next run hands it over again: delivery is at least once, and a sender that can resend should skip what it has
/// already sent (by <see cref="Notification.Id"/>). A sender that cannot reach one citizen should log it and go on,
/// rather than throw, or it holds up everyone after them. The text is the sender's to write in the citizen's language
/// from the notification's kind and figures, as the app does when it shows one.
/// </remarks>
public interface INotificationSender
{
    Task SendAsync(IReadOnlyList<Notification> notifications, CancellationToken ct);
}

/// <summary>The default sender: writes one line per notification, with nothing personal beyond the account id and the kind.</summary>
public sealed partial class LoggingNotificationSender(ILogger<LoggingNotificationSender> logger) : INotificationSender
{
    public Task SendAsync(IReadOnlyList<Notification> notifications, CancellationToken ct)
    {
        foreach (var notification in notifications) Logged(notification.Id, notification.AccountId, notification.Kind);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Id} ({Kind}) for account {AccountId}: no outbound sender is set up, so it is only logged")]
    private partial void Logged(long id, long accountId, NotificationKind kind);
}

/// <summary>
/// Hands the notifications not yet delivered to the <see cref="INotificationSender"/>, oldest first, in batches, and
/// marks each batch delivered with one update. Closed accounts' notifications are never sent.
/// </summary>
public sealed partial class NotificationDelivery(CarbonDbContext db, INotificationSender sender, IOptions<NotificationOptions> options,
    TimeProvider clock, ILogger<NotificationDelivery> logger)
{
    /// <returns>How many notifications were delivered.</returns>
    public async Task<int> DeliverAsync(CancellationToken ct = default)
    {
        var batchSize = options.Value.BatchSize;
        long after = 0;
        var delivered = 0;
        while (true)
        {
            var batch = await db.Notifications.AsNoTracking()
                .Where(n => n.DeliveredAt == null && n.Id > after)
                .Where(n => db.CarbonAccounts.Any(a => a.Id == n.AccountId && a.ClosedAt == null))
                .OrderBy(n => n.Id).Take(batchSize)
                .ToListAsync(ct);
            if (batch.Count == 0) return delivered;
            after = batch[^1].Id;
            try
            {
                await sender.SendAsync(batch, ct);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                SendFailed(failure, batch.Count, delivered);
                return delivered;
            }
            var ids = batch.Select(n => n.Id).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            await db.InWriteTransactionAsync(() => db.Notifications.Where(n => ids.Contains(n.Id) && n.DeliveredAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(n => n.DeliveredAt, now), ct), ct);
            delivered += batch.Count;
            if (batch.Count < batchSize) return delivered;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Notifications: the sender failed on a batch of {Batch} after {Delivered} were delivered; the rest wait for the next run")]
    private partial void SendFailed(Exception failure, int batch, int delivered);
}
