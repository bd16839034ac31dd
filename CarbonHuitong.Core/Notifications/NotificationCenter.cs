using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Notifications;

/// <summary>A notification as its reader gets it: its kind and figures, for the app to word in the reader's language.</summary>
public sealed record NotificationView(long Id, NotificationKind Kind, DateTime CreatedAt, bool Read, long? CreditHundredths, long? FaceValueFen,
    DateOnly? Day, string? Subject, string? Detail)
{
    public Credits? Credits => CreditHundredths is { } hundredths ? new Credits(hundredths) : null;
    public Fen? FaceValue => FaceValueFen is { } fen ? new Fen(fen) : null;
}

/// <summary>
/// A citizen's notifications: the list, newest first, the unread count for the bell, and marking them read. Every call
/// is scoped to one account, so another citizen's notification is not found. Other services tell a citizen something
/// inline, in their own transaction, with <c>db.Notifications.Add(Notification.Of(...))</c>; the job makes the rest
/// (<see cref="NotificationProducer"/>).
/// </summary>
public sealed class NotificationCenter(CarbonDbContext db, TimeProvider clock)
{
    public Task<Page<NotificationView>> PageAsync(long accountId, PageRequest page, CancellationToken ct = default) =>
        db.Notifications.AsNoTracking().Where(n => n.AccountId == accountId).ToPageAsync(page, rows => rows
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Select(n => new NotificationView(n.Id, n.Kind, n.CreatedAt, n.ReadAt != null, n.CreditHundredths, n.FaceValueFen, n.Day, n.Subject,
                n.Detail)), ct);

    public Task<int> UnreadCountAsync(long accountId, CancellationToken ct = default) =>
        db.Notifications.CountAsync(n => n.AccountId == accountId && n.ReadAt == null, ct);

    /// <summary>Marks one of the account's notifications read; reading it again changes nothing.</summary>
    public async Task MarkReadAsync(long accountId, long notificationId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var marked = await db.InWriteTransactionAsync(() => db.Notifications
            .Where(n => n.Id == notificationId && n.AccountId == accountId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), ct), ct);
        if (marked == 0 && !await db.Notifications.AnyAsync(n => n.Id == notificationId && n.AccountId == accountId, ct))
            throw new DomainException(ErrorCodes.NotFound, $"You have no notification {notificationId}.");
    }

    /// <returns>How many were unread.</returns>
    public async Task<int> MarkAllReadAsync(long accountId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.InWriteTransactionAsync(() => db.Notifications
            .Where(n => n.AccountId == accountId && n.ReadAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.ReadAt, now), ct), ct);
    }
}
