using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Reports;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Core.Ledger;

public sealed record EarnRequest(
    long AccountId, string BehaviourCode, decimal Quantity, string Source, string ExternalEventId, DateTime OccurredAtUtc);

/// <summary>An earn checked and priced with the factors in effect, ready to append.</summary>
public sealed record PreparedEarn(EarnRequest Request, GreenBehaviour Behaviour);

/// <param name="Duplicate">True when the event had been recorded before; nothing new was written.</param>
public sealed record EarnResult(long EntryId, Credits Credits, CarbonMass Reduction, Credits Balance, bool Duplicate);

/// <summary>
/// Writes the ledger. Every change of a balance goes through <see cref="AppendAsync"/>,
/// which moves the account's totals and appends the entry in one transaction.
/// </summary>
public sealed class LedgerService(CarbonDbContext db, TimeProvider clock, ReferenceDataCache? referenceData = null)
{
    public const decimal MaxQuantityPerEvent = 10_000m;
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    public async Task<EarnResult> RecordEarnAsync(EarnRequest request, CancellationToken ct = default)
    {
        var earn = await PrepareEarnAsync(request, ct);
        // A store without write-locking transactions can let a concurrent twin in first; its entry stands.
        var ownsTransaction = db.Database.CurrentTransaction is null;
        try
        {
            return await db.InWriteTransactionAsync(async () => await FindEarnAsync(request, ct) ?? await AppendEarnAsync(earn, ct), ct);
        }
        catch (DbUpdateException) when (ownsTransaction)
        {
            if (await FindEarnAsync(request, ct) is { } twin) return twin;
            throw;
        }
    }

    /// <summary>
    /// Checks the event and finds the factors in effect on the China date it happened: reads only, so a caller on a
    /// hot path does this before it takes the write lock.
    /// </summary>
    public async Task<PreparedEarn> PrepareEarnAsync(EarnRequest request, CancellationToken ct = default)
    {
        ValidateEvent(request);
        var day = DateOnly.FromDateTime(PlatformTime.ToChinaTime(request.OccurredAtUtc));
        var behaviour = referenceData is null
            ? await BehaviourOnAsync(request.BehaviourCode, day, ct)
            : await referenceData.GetOrReadAsync((nameof(GreenBehaviour), request.BehaviourCode, day), () => BehaviourOnAsync(request.BehaviourCode, day, ct));
        return new PreparedEarn(request, behaviour
            ?? throw new DomainException(ErrorCodes.UnknownBehaviour, $"There is no green behaviour '{request.BehaviourCode}'."));
    }

    private async Task<GreenBehaviour?> BehaviourOnAsync(string code, DateOnly day, CancellationToken ct)
    {
        var behaviour = await db.GreenBehaviours.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, ct);
        if (behaviour is null) return null;
        var factor = await db.BehaviourFactors.InEffectOnAsync(code, day, ct);
        return factor is null ? behaviour : behaviour.With(factor);
    }

    /// <summary>
    /// Appends a prepared earn inside the caller's transaction without looking for an earlier recording: for a caller
    /// that has its own idempotency check. A twin is still refused, by the unique (source, event id) index.
    /// </summary>
    public async Task<EarnResult> AppendEarnAsync(PreparedEarn earn, CancellationToken ct = default)
    {
        var request = earn.Request;
        var entry = LedgerEntry.Earn(request.AccountId, earn.Behaviour, request.Quantity, request.Source,
            request.ExternalEventId, request.OccurredAtUtc, Now);
        await AppendAsync(entry, ct);
        return new EarnResult(entry.Id, entry.Credits, new CarbonMass(entry.Milligrams), new Credits(entry.BalanceAfterHundredths), false);
    }

    /// <summary>Spends credits; refused with <c>insufficient_credits</c>, writing nothing, when the balance is short.</summary>
    public async Task<LedgerEntry> SpendAsync(long accountId, Credits price, string description, string? reference, CancellationToken ct = default)
    {
        if (price <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "A spend must be more than zero credits.");
        if (reference is not null) RequireText(reference, "reference", 128);
        return await AppendInTransactionAsync(LedgerEntry.Spend(accountId, price, RequireText(description, "description"), reference, Now), ct);
    }

    public async Task<LedgerEntry> ExpireAsync(long accountId, Credits amount, string reason, CancellationToken ct = default)
    {
        if (amount <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "An expiry must be more than zero credits.");
        return await AppendInTransactionAsync(LedgerEntry.Expire(accountId, amount, RequireText(reason, "reason"), Now), ct);
    }

    /// <summary>An administrator's correction, positive or negative, with the reason on record.</summary>
    public async Task<LedgerEntry> AdjustAsync(long accountId, Credits delta, string reason, string actorUserId, CancellationToken ct = default)
    {
        if (delta == Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "An adjustment must change the balance.");
        var entry = LedgerEntry.Adjust(accountId, delta, RequireText(reason, "reason"), RequireText(actorUserId, "actor"), Now);
        return await AppendInTransactionAsync(entry, ct);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private Task<LedgerEntry> AppendInTransactionAsync(LedgerEntry entry, CancellationToken ct) =>
        db.InWriteTransactionAsync(async () =>
        {
            await AppendAsync(entry, ct);
            return entry;
        }, ct);

    /// <summary>
    /// Moves the account's totals with a conditional update (the balance may never go below zero),
    /// then appends the entry. Runs inside the caller's transaction.
    /// </summary>
    private async Task AppendAsync(LedgerEntry entry, CancellationToken ct)
    {
        var delta = entry.CreditHundredths;
        var earned = entry.Kind == LedgerEntryKind.Earn ? delta : 0;
        var spent = entry.Kind == LedgerEntryKind.Spend ? -delta : 0;
        var milligrams = entry.Milligrams;
        var trips = entry.IsGreenTrip ? 1 : 0;

        // One statement moves the totals and answers the new balance (RETURNING: SQLite 3.35+ and PostgreSQL).
        var moved = await db.Database.SqlQuery<long>($"""
            UPDATE "CarbonAccounts" SET
                "BalanceHundredths" = "BalanceHundredths" + {delta},
                "EarnedHundredths" = "EarnedHundredths" + {earned},
                "SpentHundredths" = "SpentHundredths" + {spent},
                "ReducedMilligrams" = "ReducedMilligrams" + {milligrams},
                "GreenTrips" = "GreenTrips" + {trips}
            WHERE "Id" = {entry.AccountId} AND "BalanceHundredths" + {delta} >= 0
            RETURNING "BalanceHundredths" AS "Value"
            """).ToListAsync(ct);
        if (moved.Count == 0)
        {
            var balance = await db.CarbonAccounts.Where(a => a.Id == entry.AccountId)
                .Select(a => (long?)a.BalanceHundredths).SingleOrDefaultAsync(ct)
                ?? throw new DomainException(ErrorCodes.AccountNotFound, $"There is no carbon account {entry.AccountId}.");
            throw new DomainException(ErrorCodes.InsufficientCredits,
                $"This needs {new Credits(-delta)} credits; the balance is {new Credits(balance)}.");
        }

        entry.SetBalanceAfter(moved[0]);
        db.LedgerEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        if (entry.Kind == LedgerEntryKind.Earn) await AddToDailyReductionsAsync(entry, ct);
    }

    /// <summary>
    /// Keeps the platform's and the account's per-day totals in step with the ledger, in the same transaction and in
    /// one round trip.
    /// </summary>
    private Task AddToDailyReductionsAsync(LedgerEntry earn, CancellationToken ct)
    {
        var day = DateOnly.FromDateTime(PlatformTime.ToChinaTime(earn.OccurredAt));
        var category = earn.Category?.ToString() ?? "";
        var slot = DailyReduction.SlotOf(earn.AccountId);
        return db.Database.ExecuteSqlAsync($"""
            INSERT INTO "DailyReductions" ("Day", "BehaviourCode", "Slot", "Category", "Milligrams", "CreditHundredths", "Entries")
            VALUES ({day}, {earn.BehaviourCode}, {slot}, {category}, {earn.Milligrams}, {earn.CreditHundredths}, 1)
            ON CONFLICT ("Day", "BehaviourCode", "Slot") DO UPDATE SET
                "Milligrams" = "DailyReductions"."Milligrams" + excluded."Milligrams",
                "CreditHundredths" = "DailyReductions"."CreditHundredths" + excluded."CreditHundredths",
                "Entries" = "DailyReductions"."Entries" + 1;
            INSERT INTO "AccountDailyReductions" ("AccountId", "Day", "Category", "Milligrams", "CreditHundredths", "Entries")
            VALUES ({earn.AccountId}, {day}, {category}, {earn.Milligrams}, {earn.CreditHundredths}, 1)
            ON CONFLICT ("AccountId", "Day", "Category") DO UPDATE SET
                "Milligrams" = "AccountDailyReductions"."Milligrams" + excluded."Milligrams",
                "CreditHundredths" = "AccountDailyReductions"."CreditHundredths" + excluded."CreditHundredths",
                "Entries" = "AccountDailyReductions"."Entries" + 1;
            """, ct);
    }

    /// <summary>The earlier recording of this event, if any; an event id is never reused for another account.</summary>
    private async Task<EarnResult?> FindEarnAsync(EarnRequest request, CancellationToken ct)
    {
        var earlier = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Source == request.Source && e.ExternalEventId == request.ExternalEventId)
            .Join(db.CarbonAccounts, e => e.AccountId, a => a.Id,
                (e, a) => new { e.Id, e.AccountId, e.CreditHundredths, e.Milligrams, a.BalanceHundredths })
            .SingleOrDefaultAsync(ct);
        if (earlier is null) return null;
        if (earlier.AccountId != request.AccountId)
            throw new DomainException(ErrorCodes.EventConflict,
                $"Event '{request.ExternalEventId}' from '{request.Source}' was already recorded for another account.");
        return new EarnResult(earlier.Id, new Credits(earlier.CreditHundredths), new CarbonMass(earlier.Milligrams),
            new Credits(earlier.BalanceHundredths), Duplicate: true);
    }

    private void ValidateEvent(EarnRequest request)
    {
        RequireText(request.Source, "source", 64);
        RequireText(request.ExternalEventId, "external event id", 128);
        if (request.Quantity <= 0 || request.Quantity > MaxQuantityPerEvent || decimal.Round(request.Quantity, 2) != request.Quantity)
            throw new DomainException(ErrorCodes.InvalidQuantity,
                $"Quantity must be more than 0 and at most {MaxQuantityPerEvent:0}, with at most two decimals.");
        if (request.OccurredAtUtc.Kind != DateTimeKind.Utc)
            throw new DomainException(ErrorCodes.InvalidEvent, "The time of the behaviour must be given in UTC.");
        if (request.OccurredAtUtc > Now + FutureTolerance)
            throw new DomainException(ErrorCodes.InvalidEvent, "The behaviour cannot have happened in the future.");
    }

    private static string RequireText(string? value, string what, int maxLength = 500)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is required.");
        if (value.Length > maxLength) throw new DomainException(ErrorCodes.BadRequest, $"The {what} is longer than {maxLength} characters.");
        return value;
    }
}
