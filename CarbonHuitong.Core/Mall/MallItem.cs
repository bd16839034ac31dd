using System.Linq.Expressions;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Mall;

public enum CouponKind
{
    /// <summary>Deducted automatically from the fare at the next ride.</summary>
    BusCoupon,
}

public enum MallItemStatus
{
    Listed,
    Delisted,
}

/// <summary>What a coupon on the shelf costs and gives, as its funders set it.</summary>
/// <param name="ValidUntil">The instant coupons stop being valid (exclusive), if there is a fixed end.</param>
public sealed record CouponTerms(CouponKind Kind, Fen FaceValue, Credits Price, int Quantity, int? ValidDays, DateTime? ValidUntil,
    int? MonthlyLimitPerCitizen);

/// <summary>An item on the points mall's shelf: a coupon from a funded batch, priced in credits.</summary>
public sealed class MallItem
{
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 1000;
    public const int MaxImageUrlLength = 500;

    private MallItem() { }

    public long Id { get; private set; }
    public long BatchId { get; private set; }
    public CouponKind Kind { get; private set; }
    public BilingualText Title { get; private set; } = BilingualText.Empty;
    public BilingualText Description { get; private set; } = BilingualText.Empty;
    public long PriceHundredths { get; private set; }
    public long FaceValueFen { get; private set; }
    public int StockLeft { get; private set; }

    /// <summary>Days a coupon stays valid after redemption; null when only <see cref="ValidUntil"/> applies.</summary>
    public int? ValidDays { get; private set; }

    /// <summary>A fixed last instant of validity for every coupon of this item.</summary>
    public DateTime? ValidUntil { get; private set; }

    public int? MonthlyLimitPerCitizen { get; private set; }
    public MallItemStatus Status { get; private set; }
    public DateTime ListedAt { get; private set; }

    /// <summary>A picture for the card: a path under the site or an https address.</summary>
    public string? ImageUrl { get; private set; }

    public Credits Price => new(PriceHundredths);
    public Fen FaceValue => new(FaceValueFen);

    /// <summary>
    /// Puts coupons on the shelf on the terms they were funded on. Only the funding workflow calls this, when a mall
    /// administrator lists a submitted batch (<see cref="Funding.CouponBatchService.ListAsync"/>).
    /// </summary>
    internal static MallItem List(long batchId, CouponTerms terms, BilingualText title, BilingualText description, string? imageUrl, DateTime listedAtUtc) => new()
    {
        BatchId = batchId,
        Kind = terms.Kind,
        Title = BilingualText.Require(title.Zh, title.En, "title", MaxTitleLength),
        Description = BilingualText.Optional(description.Zh, description.En, "description", MaxDescriptionLength),
        ImageUrl = SafeImageUrl(imageUrl),
        PriceHundredths = terms.Price.Hundredths,
        FaceValueFen = terms.FaceValue.Value,
        StockLeft = terms.Quantity,
        ValidDays = terms.ValidDays,
        ValidUntil = terms.ValidUntil,
        MonthlyLimitPerCitizen = terms.MonthlyLimitPerCitizen,
        Status = MallItemStatus.Listed,
        ListedAt = listedAtUtc,
    };

    private static string? SafeImageUrl(string? imageUrl)
    {
        var url = DomainText.Optional(imageUrl, "image address", MaxImageUrlLength);
        if (url is null || IsSafeImageUrl(url)) return url;
        throw new DomainException(ErrorCodes.BadRequest, "An image is a path on this site (starting with /) or an https:// address.");
    }

    // A browser reads "/\host" or "/<tab>/host" as another host, so a path on this site is kept to plain characters.
    private static bool IsSafeImageUrl(string url) =>
        IsPlainSitePath(url) ||
        (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme == Uri.UriSchemeHttps && !url.Any(char.IsWhiteSpace));

    private static bool IsPlainSitePath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//") && url.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');

    internal void Delist() => Status = MallItemStatus.Delisted;

    /// <summary>Back on the shelf with the stock it left with; an item whose coupons' fixed end has passed could sell nothing.</summary>
    internal void Relist(DateTime nowUtc)
    {
        if (Status != MallItemStatus.Delisted) throw new DomainException(ErrorCodes.InvalidState, "This item is already on the shelf.");
        if (ValidUntil is { } end && end <= nowUtc)
            throw new DomainException(ErrorCodes.InvalidState, "This item's coupons are no longer valid, so it cannot go back on the shelf.");
        Status = MallItemStatus.Listed;
    }

    /// <summary>On the shelf and not past its fixed end: the one rule for what can be redeemed, in queries and in memory.</summary>
    public static Expression<Func<MallItem, bool>> RedeemableAt(DateTime nowUtc) => Redeemable.Bind(nowUtc);

    public bool IsRedeemableAt(DateTime nowUtc) => RedeemableInMemory(this, nowUtc);

    private static readonly Expression<Func<MallItem, DateTime, bool>> Redeemable =
        (i, now) => i.Status == MallItemStatus.Listed && (i.ValidUntil == null || i.ValidUntil > now);

    private static readonly Func<MallItem, DateTime, bool> RedeemableInMemory = Redeemable.Compile();

    /// <summary>The expiry of a coupon redeemed now: days after redemption, capped by the fixed end date.</summary>
    public DateTime CouponExpiryFor(DateTime redeemedAtUtc)
    {
        var byDays = ValidDays is { } days ? redeemedAtUtc.AddDays(days) : DateTime.MaxValue;
        var byDate = ValidUntil ?? DateTime.MaxValue;
        return byDays < byDate ? byDays : byDate;
    }
}
