using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Funding;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A listed mall item as a mall admin leaves one: a registered project funds a batch of coupons, and part of the
/// batch goes on the shelf. By default a ¥2 bus coupon for 20 credits, 100 in stock, valid 30 days, no monthly limit.
/// </summary>
public sealed class MallBuilder
{
    private string _title = "¥2 bus coupon";
    private decimal _price = 20m;
    private Fen _faceValue = new(200);
    private int _stock = 100;
    private int? _validDays = 30;
    private DateTime? _validUntilUtc;
    private int? _monthlyLimit;

    public MallBuilder Titled(string title)
    {
        _title = title;
        return this;
    }

    public MallBuilder Priced(decimal credits)
    {
        _price = credits;
        return this;
    }

    public MallBuilder WithFaceValue(Fen faceValue)
    {
        _faceValue = faceValue;
        return this;
    }

    public MallBuilder WithStock(int stock)
    {
        _stock = stock;
        return this;
    }

    /// <summary>Days a coupon stays valid after redemption; null for a fixed end date only.</summary>
    public MallBuilder ValidForDays(int? days)
    {
        _validDays = days;
        return this;
    }

    public MallBuilder ValidUntil(DateTime? utc)
    {
        _validUntilUtc = utc;
        return this;
    }

    public MallBuilder WithMonthlyLimit(int? perCitizen)
    {
        _monthlyLimit = perCitizen;
        return this;
    }

    public async Task<MallItem> BuildAsync(TestStore database, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await BuildAsync(db, clock, ct);
    }

    public async Task<MallItem> BuildAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var project = EmissionProject.Register("Chongqing new-energy bus fleet", "Chongqing Public Transport Group",
            "CQCER urban bus methodology", "Buses", today.AddYears(-1), today.AddYears(4), now);
        db.EmissionProjects.Add(project);
        await db.SaveChangesAsync(ct);

        // A batch holds at least one coupon, so a sold-out item still comes from a real batch.
        var batch = CouponBatch.Fund(project.Id, _faceValue, Math.Max(_stock, 1), now);
        db.CouponBatches.Add(batch);
        await db.SaveChangesAsync(ct);

        var item = MallItem.List(batch, CouponKind.BusCoupon, _title, "Taken off the fare at your next bus ride.",
            Credits.FromDecimal(_price), _stock, _validDays, _validUntilUtc, _monthlyLimit, now);
        db.MallItems.Add(item);
        await db.SaveChangesAsync(ct);
        return item;
    }
}
