using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A listed mall item as a mall admin leaves one: a registered project's revenue funds a batch of coupons, which goes
/// on the shelf. By default a ¥2 bus coupon for 20 credits, 100 in stock, valid 30 days, no monthly limit.
/// </summary>
public sealed class MallBuilder
{
    private BilingualText _title = BilingualText.Of(null, "¥2 bus coupon");
    private BilingualText _description = BilingualText.Of(null, "Taken off the fare at your next bus ride.");
    private decimal _price = 20m;
    private Fen _faceValue = new(200);
    private int _stock = 100;
    private int? _validDays = 30;
    private DateTime? _validUntilUtc;
    private int? _monthlyLimit;

    /// <summary>A title in one language, sorted as the migration sorts old titles (Chinese if it holds a CJK character).</summary>
    public MallBuilder Titled(string title) => Titled(BilingualText.FromSingle(title));

    public MallBuilder Titled(BilingualText title, BilingualText? description = null)
    {
        _title = title;
        _description = description ?? _description;
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

    /// <summary>
    /// Through the workflow users go through: the project owner registers a project, records the issuance and the
    /// sale that pay for the batch, funds and submits it, and a mall administrator lists it. A sold-out item (stock 0)
    /// is a batch of one coupon that another citizen has redeemed.
    /// </summary>
    public async Task<MallItem> BuildAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var audit = new AuditLog(db, clock);
        var projects = new ProjectService(db, audit, clock);
        var batches = new CouponBatchService(db, audit, clock);
        var owner = Actors.TransportOwner;
        var today = PlatformTime.ChinaToday(clock);
        var quantity = Math.Max(_stock, 1);

        var projectId = await projects.RegisterAsync(owner, new ProjectDraft("Chongqing new-energy bus fleet", "CQCER urban bus methodology",
            "Buses", today.AddYears(-1), today.AddYears(4)), ct);
        // A tonne sold for each coupon's face value: the revenue pays for exactly this batch.
        await projects.RecordIssuanceAsync(owner, projectId, new IssuanceDraft(quantity, today.Year, "CQCER-TEST-" + projectId, today), ct);
        await projects.RecordSaleAsync(owner, projectId, new SaleDraft(quantity, _faceValue, "A test buyer", today), ct);
        var batchId = await batches.FundAsync(owner, projectId,
            new BatchDraft(_faceValue, quantity, Credits.FromDecimal(_price), _validDays, _validUntilUtc, _monthlyLimit), ct);
        await batches.SubmitAsync(owner, batchId, ct);
        var itemId = await batches.ListAsync(Actors.MallAdmin, batchId,
            new ListingDraft(_title, _description, null), ct);

        if (_stock == 0)
        {
            var buyer = await new CitizenBuilder().WithCredits(_price).BuildAsync(db, clock, ct);
            await CoreServices.Redemptions(db, clock).RedeemAsync(buyer.AccountId, itemId, "sold-out-" + itemId, ct);
        }
        return await db.MallItems.AsNoTracking().SingleAsync(i => i.Id == itemId, ct);
    }
}
