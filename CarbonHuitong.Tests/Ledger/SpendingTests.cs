using CarbonHuitong.Core;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Ledger;

public sealed class SpendingTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task A_spend_beyond_the_balance_is_refused_with_insufficient_credits_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var entriesBefore = await db.CountEntriesAsync(citizen.AccountId);
        var accountBefore = await db.AccountTotalsAsync(citizen.AccountId);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).SpendAsync(citizen.AccountId, Credits.FromDecimal(10.01m), "Bamboo toothbrush", "item-1"));

        Assert.Equal(ErrorCodes.InsufficientCredits, refusal.Code);
        await using var readDb = database.CreateContext();
        Assert.Equal(entriesBefore, await readDb.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(accountBefore, await readDb.AccountTotalsAsync(citizen.AccountId));
    }

    [Fact]
    public async Task Spending_the_whole_balance_leaves_exactly_zero()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(10m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var spend = await new TestLedger(db, _clock).SpendAsync(citizen.AccountId, Credits.FromDecimal(10m), "Bamboo toothbrush", null);

        Assert.Equal(-1_000, spend.Credits.Hundredths);
        Assert.Equal(0, spend.Balance.Hundredths);
        Assert.Equal(new LedgerTotals(0, 0, 1_000, 0, 0), await db.AccountTotalsAsync(citizen.AccountId));
    }

    [Fact]
    public async Task Expiring_or_adjusting_below_zero_is_refused_with_insufficient_credits()
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var ledger = new TestLedger(db, _clock);

        var expiry = await Assert.ThrowsAsync<DomainException>(() =>
            ledger.ExpireAsync(citizen.AccountId, Credits.FromDecimal(5.01m), "Credits older than two years"));
        var adjustment = await Assert.ThrowsAsync<DomainException>(() =>
            ledger.AdjustAsync(citizen.AccountId, Credits.FromDecimal(-6m), "Reversal of a mistaken grant"));

        Assert.Equal(ErrorCodes.InsufficientCredits, expiry.Code);
        Assert.Equal(ErrorCodes.InsufficientCredits, adjustment.Code);
        Assert.Equal(1, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(500, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }

    [Fact]
    public async Task A_spend_from_an_account_that_does_not_exist_is_refused_with_account_not_found()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).SpendAsync(424242, Credits.FromDecimal(1m), "Bamboo toothbrush", null));

        Assert.Equal(ErrorCodes.AccountNotFound, refusal.Code);
        Assert.Equal(0, await db.CountAllEntriesAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public async Task A_spend_of_zero_or_fewer_credits_is_refused_with_invalid_amount(long hundredths)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(5m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).SpendAsync(citizen.AccountId, new Credits(hundredths), "Nothing", null));

        Assert.Equal(ErrorCodes.InvalidAmount, refusal.Code);
        Assert.Equal(1, await db.CountEntriesAsync(citizen.AccountId));
    }

    [Theory]
    [InlineData("", "item-1")]
    [InlineData("Bus coupon", "a reference far longer than any coupon or order id could be, 0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task A_spend_without_a_description_or_with_an_overlong_reference_is_refused_and_writes_nothing(string description, string reference)
    {
        await using var database = await TestDatabase.CreateAsync();
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var entriesBefore = await db.CountEntriesAsync(citizen.AccountId);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            new TestLedger(db, _clock).SpendAsync(citizen.AccountId, Credits.FromDecimal(20m), description, reference));

        Assert.Equal(ErrorCodes.BadRequest, refusal.Code);
        Assert.Equal(entriesBefore, await db.CountEntriesAsync(citizen.AccountId));
        Assert.Equal(3_000, (await db.AccountTotalsAsync(citizen.AccountId)).BalanceHundredths);
    }
}
