using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Ledger;

public abstract class LedgerTotalsTests(ITestStores stores)
{
    private static readonly string[] Behaviours =
    [
        Methodology.BusRide, Methodology.MetroRide, Methodology.SharedBicycle,
        Methodology.Walking, Methodology.TakeawayWithoutUtensils, Methodology.ElectronicWaybill,
    ];

    [SkippableFact]
    public async Task Balance_and_every_total_equal_what_the_entries_add_up_to_after_a_random_mix()
    {
        var clock = new TestClock();
        await using var database = await stores.CreateAsync();
        var citizen = await new CitizenBuilder().BuildAsync(database, clock);
        await using var db = database.CreateContext();
        var ledger = new TestLedger(db, clock);
        var random = new Random(20260318); // fixed: the same mix on every run
        var recorded = new List<EarnRequest>();
        long balance = 0;
        int earns = 0, replays = 0, withdrawals = 0, refusals = 0, grants = 0;

        async Task WithdrawAsync(long hundredths, Func<Task> withdraw)
        {
            if (hundredths > balance)
            {
                var refusal = await Assert.ThrowsAsync<DomainException>(withdraw);
                Assert.Equal(ErrorCodes.InsufficientCredits, refusal.Code);
                refusals++;
                return;
            }
            await withdraw();
            balance -= hundredths;
            withdrawals++;
        }

        for (var step = 0; step < 200; step++)
        {
            clock.Advance(TimeSpan.FromMinutes(random.Next(1, 240)));
            var roll = random.Next(100);
            var hundredths = (long)random.Next(1, 1_500);
            switch (roll)
            {
                case < 45:
                    var behaviour = Behaviours[random.Next(Behaviours.Length)];
                    var quantity = behaviour switch
                    {
                        Methodology.SharedBicycle => random.Next(1, 2_000) / 100m,
                        Methodology.Walking => random.Next(1, 30),
                        _ => 1m,
                    };
                    var request = EarnRequests.Of(citizen.AccountId, behaviour, quantity, clock.UtcNow.AddMinutes(-random.Next(0, 60)));
                    var earned = await ledger.RecordEarnAsync(request);
                    Assert.False(earned.Duplicate);
                    recorded.Add(request);
                    balance += earned.Credits.Hundredths;
                    earns++;
                    break;
                case < 50 when recorded.Count > 0:
                    var replay = await ledger.RecordEarnAsync(recorded[random.Next(recorded.Count)]);
                    Assert.True(replay.Duplicate);
                    replays++;
                    break;
                case < 75:
                    await WithdrawAsync(hundredths, () => ledger.SpendAsync(citizen.AccountId, new Credits(hundredths), "Mall item", $"order-{step}"));
                    break;
                case < 85:
                    await ledger.AdjustAsync(citizen.AccountId, new Credits(hundredths / 3 + 1), "Missed ride credited by support");
                    balance += hundredths / 3 + 1;
                    grants++;
                    break;
                case < 92:
                    await WithdrawAsync(hundredths, () => ledger.AdjustAsync(citizen.AccountId, new Credits(-hundredths), "Duplicate grant reversed"));
                    break;
                default:
                    await WithdrawAsync(hundredths, () => ledger.ExpireAsync(citizen.AccountId, new Credits(hundredths), "Credits older than two years"));
                    break;
            }
        }

        var fromEntries = await db.SumEntriesAsync(citizen.AccountId);
        var onAccount = await db.AccountTotalsAsync(citizen.AccountId);
        Assert.Equal(fromEntries, onAccount);
        Assert.Equal(balance, onAccount.BalanceHundredths);
        Assert.Equal(0, await db.CountEntriesOffTheirRunningBalanceAsync(citizen.AccountId));
        Assert.Equal(earns + withdrawals + grants, await db.CountEntriesAsync(citizen.AccountId));
        // The seed must exercise every path, refusals included.
        Assert.All(new[] { earns, replays, withdrawals, refusals, grants }, count => Assert.True(count > 0));
        // Void and Forfeit only end an account (AccountClosureTests checks them, totals included); Pending and Reverse come
        // only from a partner's pending events (PendingCreditsTests).
        Assert.Equal(Enum.GetValues<LedgerEntryKind>().Except([LedgerEntryKind.Void, LedgerEntryKind.Forfeit, LedgerEntryKind.Pending, LedgerEntryKind.Reverse]).Order(), (await db.LedgerEntries.Select(e => e.Kind).Distinct().ToListAsync()).Order());
        Assert.True(await db.LedgerEntries.AnyAsync(e => e.Kind == LedgerEntryKind.Adjust && e.CreditHundredths < 0));
    }
}

public sealed class LedgerTotalsTestsOnSqlite() : LedgerTotalsTests(SqliteTestStores.Instance)
{
}

public sealed class LedgerTotalsTestsOnPostgres(PostgresTestStores postgres) : LedgerTotalsTests(postgres), IClassFixture<PostgresTestStores>
{
}
