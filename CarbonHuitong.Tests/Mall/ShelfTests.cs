using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Mall;

public sealed class ShelfTests
{
    private readonly TestClock _clock = new();

    [Fact]
    public async Task The_shelf_lists_only_listed_items_whose_end_date_has_not_come_cheapest_first()
    {
        await using var database = await TestDatabase.CreateAsync();
        var listedAt = _clock.UtcNow;
        await new MallBuilder().Titled("50 credits").Priced(50m).BuildAsync(database, _clock);
        await new MallBuilder().Titled("20 credits").Priced(20m).BuildAsync(database, _clock);
        await new MallBuilder().Titled("40 credits, sold out").Priced(40m).WithStock(0).BuildAsync(database, _clock);
        await new MallBuilder().Titled("35 credits, ends tomorrow").Priced(35m).ValidUntil(listedAt.AddDays(2)).BuildAsync(database, _clock);
        await new MallBuilder().Titled("5 credits, ended an hour ago").Priced(5m).ValidUntil(listedAt.AddDays(1).AddHours(-1)).BuildAsync(database, _clock);
        await new MallBuilder().Titled("8 credits, ends right now").Priced(8m).ValidUntil(listedAt.AddDays(1)).BuildAsync(database, _clock);
        var delisted = await new MallBuilder().Titled("10 credits, delisted").Priced(10m).BuildAsync(database, _clock);
        await using var db = database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE MallItems SET Status = 'Delisted' WHERE Id = {delisted.Id}");
        _clock.SetUtcNow(listedAt.AddDays(1));

        var shelf = await new MallQueries(db, _clock).GetShelfAsync();

        Assert.Equal(["20 credits", "35 credits, ends tomorrow", "40 credits, sold out", "50 credits"], shelf.Select(i => i.Title.En));
        Assert.Equal([false, false, true, false], shelf.Select(i => i.SoldOut));
    }

    [Theory]
    [InlineData(25, 0)]
    [InlineData(20, 0)]
    [InlineData(19.99, 0.01)]
    [InlineData(0, 20)]
    public void The_shortfall_is_zero_when_affordable_and_the_price_minus_the_balance_otherwise(decimal balance, decimal shortfall)
    {
        var item = new MallItemView(1, CouponKind.BusCoupon, BilingualText.Of(null, "¥2 bus coupon"), BilingualText.Empty, Credits.FromDecimal(20m), new Fen(200), 10, 30, null, null);

        Assert.Equal(Credits.FromDecimal(shortfall), item.ShortfallFor(Credits.FromDecimal(balance)));
    }
}
