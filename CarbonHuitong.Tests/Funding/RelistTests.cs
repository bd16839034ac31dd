using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Funding;

/// <summary>
/// A delisted batch keeps its unsold face value (nothing goes back to the project's revenue), so a mall administrator
/// can list it again: the same item, with the stock it left with, audited. On both stores.
/// </summary>
public abstract class RelistTests(ITestStores stores)
{
    private readonly TestClock _clock = new();

    [SkippableFact]
    public async Task A_delisted_batch_listed_again_is_back_on_the_shelf_with_the_stock_it_left_with_and_citizens_can_redeem_it()
    {
        await using var database = await stores.CreateAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        var citizen = await new CitizenBuilder().WithCredits(40m).BuildAsync(database, _clock);
        await database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "before"));
        await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));
        var unallocatedWhileDelisted = await UnallocatedAsync(database, projectId);

        await database.AsRequestAsync(_clock, s => s.Batches.RelistAsync(Actors.MallAdmin, itemId));

        var shelfItem = Assert.Single(await database.AsRequestAsync(_clock, s => s.Mall.GetShelfAsync()));
        Assert.Equal(itemId, shelfItem.Id);
        var batch = Assert.Single(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin)));
        Assert.Equal((BatchStatus.Listed, (long?)itemId, (int?)99), (batch.Status, batch.ItemId, batch.StockLeft));
        Assert.Equal(unallocatedWhileDelisted, await UnallocatedAsync(database, projectId));
        var redeemed = await database.AsRequestAsync(_clock, s => s.Redemptions.RedeemAsync(citizen.AccountId, itemId, "after"));
        Assert.Equal((CouponStatus.Unused, Credits.Zero), (redeemed.Coupon.Status, redeemed.Balance));

        var audit = (await database.AsRequestAsync(_clock, s => s.Audit.ReadAsync(Actors.MallAdmin, new AuditFilter(Action: "item.relist"), 1, 10))).Items;
        var entry = Assert.Single(audit);
        Assert.Equal((itemId.ToString(), Actors.MallAdmin.Email), (entry.EntityId, entry.ActorEmail));
        Assert.Equal(("Delisted", 99), Read(entry.Before));
        Assert.Equal(("Listed", 99), Read(entry.After));
    }

    [SkippableFact]
    public async Task An_item_on_the_shelf_cannot_be_listed_again_and_is_refused_with_invalid_state()
    {
        await using var database = await stores.CreateAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock, s => s.Batches.RelistAsync(Actors.MallAdmin, itemId)));

        Assert.Equal(ErrorCodes.InvalidState, refusal.Code);
        Assert.Empty((await database.AsRequestAsync(_clock, s => s.Audit.ReadAsync(Actors.MallAdmin, new AuditFilter(Action: "item.relist"), 1, 10))).Items);
    }

    [SkippableFact]
    public async Task An_item_whose_coupons_fixed_end_has_passed_stays_off_the_shelf_invalid_state()
    {
        await using var database = await stores.CreateAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100, validDays: null, validUntil: _clock.UtcNow.AddDays(10)));
        await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));
        _clock.Advance(TimeSpan.FromDays(11));

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock, s => s.Batches.RelistAsync(Actors.MallAdmin, itemId)));

        Assert.Equal(ErrorCodes.InvalidState, refusal.Code);
        var batch = Assert.Single(await database.AsRequestAsync(_clock, s => s.Batches.ListForReviewAsync(Actors.MallAdmin)));
        Assert.Equal(BatchStatus.Delisted, batch.Status);
    }

    [SkippableTheory]
    [InlineData("the batch's own project owner")]
    [InlineData("a citizen")]
    public async Task Only_a_mall_admin_may_list_a_batch_again_anyone_else_is_forbidden(string who)
    {
        await using var database = await stores.CreateAsync();
        var projectId = await new ProjectBuilder().BuildAsync(database, _clock);
        var itemId = await database.PutOnShelfAsync(_clock, projectId, Batches.TwoYuanCoupons(100));
        await database.AsRequestAsync(_clock, s => s.Batches.DelistAsync(Actors.MallAdmin, itemId));
        var actor = who == "a citizen" ? Actors.Citizen : Actors.TransportOwner;

        var refusal = await Assert.ThrowsAsync<DomainException>(() => database.AsRequestAsync(_clock, s => s.Batches.RelistAsync(actor, itemId)));

        Assert.Equal(ErrorCodes.Forbidden, refusal.Code);
        Assert.Empty(await database.AsRequestAsync(_clock, s => s.Mall.GetShelfAsync()));
    }

    private Task<long> UnallocatedAsync(TestStore database, long projectId) =>
        database.AsRequestAsync(_clock, async s => (await s.Projects.GetAsync(Actors.TransportOwner, projectId)).Summary.UnallocatedFen);

    private static (string Status, int StockLeft) Read(string? json)
    {
        using var document = JsonDocument.Parse(json!);
        return (document.RootElement.GetProperty("status").GetString()!, document.RootElement.GetProperty("stockLeft").GetInt32());
    }
}

public sealed class RelistTestsOnSqlite() : RelistTests(SqliteTestStores.Instance)
{
}

public sealed class RelistTestsOnPostgres(PostgresTestStores postgres) : RelistTests(postgres), IClassFixture<PostgresTestStores>
{
}
