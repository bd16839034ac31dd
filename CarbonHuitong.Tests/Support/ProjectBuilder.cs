using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Support;

/// <summary>
/// A project as its owner leaves one through <see cref="ProjectService"/> (so every step is audited as in the app):
/// registered, with one issuance and its sales. By default the demo's figures: 166,000 t issued, sold as
/// 126,000 t at ¥6.00 and 40,000 t at ¥6.10, for ¥1,000,000 of revenue.
/// </summary>
public sealed class ProjectBuilder
{
    public const long SeedTonnesIssued = 166_000;
    public static readonly Fen SeedRevenue = new(1_000_000_00);

    private Actor _owner = Actors.TransportOwner;
    private string _name = "Chongqing new-energy bus fleet";
    private long _tonnesIssued = SeedTonnesIssued;
    private List<(long Tonnes, Fen PricePerTonne)> _sales = [(126_000, new Fen(6_00)), (40_000, new Fen(6_10))];

    public ProjectBuilder OwnedBy(Actor owner)
    {
        _owner = owner;
        return this;
    }

    public ProjectBuilder Named(string name)
    {
        _name = name;
        return this;
    }

    public ProjectBuilder Issued(long tonnes)
    {
        _tonnesIssued = tonnes;
        return this;
    }

    /// <summary>Replaces the default sales with these.</summary>
    public ProjectBuilder Sold(params (long Tonnes, Fen PricePerTonne)[] sales)
    {
        _sales = [.. sales];
        return this;
    }

    public ProjectBuilder Unsold() => Sold();

    public async Task<long> BuildAsync(TestStore database, TimeProvider clock)
    {
        await using var scope = AdminScope.Open(database, clock);
        var projects = scope.Projects;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var projectId = await projects.RegisterAsync(_owner,
            new ProjectDraft(_name, "CQCER urban bus methodology", "Battery-electric buses replace diesel", today.AddYears(-2), today.AddYears(5)));
        if (_tonnesIssued > 0)
            await projects.RecordIssuanceAsync(_owner, projectId, new IssuanceDraft(_tonnesIssued, 2025, "CQCER-2025-0001-0166", today.AddMonths(-2)));
        foreach (var (tonnes, price) in _sales)
            await projects.RecordSaleAsync(_owner, projectId, new SaleDraft(tonnes, price, "Chongqing United Assets and Equity Exchange", today.AddMonths(-1)));
        return projectId;
    }
}

/// <summary>Coupon batches through their workflow: funded as a draft, submitted, then listed or rejected by a mall admin.</summary>
public static class Batches
{
    /// <summary>¥2 bus coupons, the fare of a Chongqing bus ride.</summary>
    public static BatchDraft TwoYuanCoupons(int quantity, decimal price = 20m, int? validDays = 30, DateTime? validUntil = null,
        int? monthlyLimit = null) =>
        new(new Fen(2_00), quantity, Credits.FromDecimal(price), validDays, validUntil, monthlyLimit);

    public static ListingDraft Listing(string title = "2-yuan bus coupon", string? imageUrl = "/images/bus-coupon.png") =>
        new(BilingualText.FromSingle(title), BilingualText.Of(null, "Taken off the fare at your next bus ride."), imageUrl);

    public static Task<long> FundAsync(this TestStore database, TimeProvider clock, long projectId, BatchDraft draft, Actor? owner = null) =>
        database.AsRequestAsync(clock, s => s.Batches.FundAsync(owner ?? Actors.TransportOwner, projectId, draft));

    public static async Task<long> FundAndSubmitAsync(this TestStore database, TimeProvider clock, long projectId, BatchDraft draft,
        Actor? owner = null)
    {
        var batchId = await database.FundAsync(clock, projectId, draft, owner);
        await database.AsRequestAsync(clock, s => s.Batches.SubmitAsync(owner ?? Actors.TransportOwner, batchId));
        return batchId;
    }

    /// <summary>Funded, submitted and listed; returns the mall item's id.</summary>
    public static async Task<long> PutOnShelfAsync(this TestStore database, TimeProvider clock, long projectId, BatchDraft draft,
        ListingDraft? listing = null)
    {
        var batchId = await database.FundAndSubmitAsync(clock, projectId, draft);
        return await database.AsRequestAsync(clock, s => s.Batches.ListAsync(Actors.MallAdmin, batchId, listing ?? Listing()));
    }
}
