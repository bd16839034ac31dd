using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Paging;

/// <summary>
/// Paging and date filters of the ledger history and the audit log, on both stores: a page is never wrapped or
/// clamped, and the widest dates a client can send filter nothing out instead of overflowing.
/// The clock stands at Wednesday 18 March 2026, 10:00 China time.
/// </summary>
public abstract class PagingTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableTheory]
    [InlineData(int.MaxValue, 100)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(3, 5)]
    [InlineData(21474837, 100)]
    public async Task A_page_past_the_last_has_no_items_and_the_real_page_count(int page, int size)
    {
        await using var database = await stores.CreateAsync();
        var citizen = await AdjustedAsync(database, adjustments: 7);
        await using var db = database.CreateContext();
        var ledger = new LedgerQueries(db, _clock);
        var audit = new AuditLog(db, _clock);

        var history = await ledger.GetHistoryAsync(citizen.AccountId, new LedgerFilter(), page, size);
        var log = await audit.ReadAsync(Actors.MallAdmin, new AuditFilter(), page, size);

        Assert.Empty(history.Items);
        Assert.Equal((7, page, size, (7 + size - 1) / size), (history.TotalCount, history.PageNumber, history.PageSize, history.PageCount));
        Assert.Empty(log.Items);
        Assert.Equal((7, (7 + size - 1) / size), (log.TotalCount, log.PageCount));
    }

    [SkippableFact]
    public async Task The_last_page_holds_the_rest()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await AdjustedAsync(database, adjustments: 7);
        await using var db = database.CreateContext();

        var last = await new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, new LedgerFilter(), 2, 5);
        var log = await new AuditLog(db, _clock).ReadAsync(Actors.MallAdmin, new AuditFilter(), 2, 5);

        Assert.Equal(2, last.Items.Count);
        Assert.Equal(2, log.Items.Count);
    }

    [SkippableTheory]
    [InlineData(0, 20)]
    [InlineData(-1, 20)]
    [InlineData(int.MinValue, 20)]
    [InlineData(1, 0)]
    [InlineData(1, -5)]
    [InlineData(1, PageRequest.MaxSize + 1)]
    [InlineData(1, int.MaxValue)]
    public async Task A_page_or_size_out_of_range_is_refused_as_bad_page(int page, int size)
    {
        await using var database = await stores.CreateAsync();
        var citizen = await AdjustedAsync(database, adjustments: 1);
        await using var db = database.CreateContext();

        var history = await Assert.ThrowsAsync<DomainException>(() =>
            new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, new LedgerFilter(), page, size));
        var log = await Assert.ThrowsAsync<DomainException>(() =>
            new AuditLog(db, _clock).ReadAsync(Actors.MallAdmin, new AuditFilter(), page, size));

        Assert.Equal(ErrorCodes.BadPage, history.Code);
        Assert.Equal(ErrorCodes.BadPage, log.Code);
    }

    [SkippableFact]
    public async Task The_first_and_last_dates_there_are_filter_nothing_out()
    {
        await using var database = await stores.CreateAsync();
        var citizen = await AdjustedAsync(database, adjustments: 3);
        await using var db = database.CreateContext();
        var widest = new LedgerFilter(From: DateOnly.MinValue, To: DateOnly.MaxValue);

        var history = await new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, widest, 1, 20);
        var log = await new AuditLog(db, _clock).ReadAsync(Actors.MallAdmin, new AuditFilter(From: DateOnly.MinValue, To: DateOnly.MaxValue), 1, 20);
        var beforeAll = await new LedgerQueries(db, _clock).GetHistoryAsync(citizen.AccountId, new LedgerFilter(To: DateOnly.MinValue), 1, 20);
        var afterAll = await new AuditLog(db, _clock).ReadAsync(Actors.MallAdmin, new AuditFilter(From: DateOnly.MaxValue), 1, 20);

        Assert.Equal(3, history.TotalCount);
        Assert.Equal(3, log.TotalCount);
        Assert.Equal(0, beforeAll.TotalCount);
        Assert.Equal(0, afterAll.TotalCount);
    }

    /// <summary>A citizen with <paramref name="adjustments"/> audited adjustments: as many ledger entries as audit entries.</summary>
    private async Task<Citizen> AdjustedAsync(TestStore database, int adjustments)
    {
        var citizen = await new CitizenBuilder().BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        var ledger = new TestLedger(db, _clock);
        for (var i = 1; i <= adjustments; i++) await ledger.AdjustAsync(citizen.AccountId, new Credits(100), $"Goodwill {i}");
        return citizen;
    }
}

public sealed class PagingTestsOnSqlite() : PagingTests(SqliteTestStores.Instance)
{
}

public sealed class PagingTestsOnPostgres(PostgresTestStores postgres) : PagingTests(postgres), IClassFixture<PostgresTestStores>
{
}
