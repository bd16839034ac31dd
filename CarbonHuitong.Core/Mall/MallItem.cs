using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;

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

/// <summary>An item on the points mall's shelf: a coupon from a funded batch, priced in credits.</summary>
public sealed class MallItem
{
    private MallItem() { }

    public long Id { get; private set; }
    public long BatchId { get; private set; }
    public CouponKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
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

    public static MallItem List(CouponBatch batch, CouponKind kind, string title, string description, Credits price,
        int stock, int? validDays, DateTime? validUntilUtc, int? monthlyLimitPerCitizen, DateTime listedAtUtc)
    {
        if (string.IsNullOrWhiteSpace(title)) throw new DomainException(ErrorCodes.BadRequest, "An item needs a title.");
        if (price <= Credits.Zero) throw new DomainException(ErrorCodes.InvalidAmount, "An item's price must be more than zero credits.");
        if (stock < 0 || stock > batch.Quantity)
            throw new DomainException(ErrorCodes.BadRequest, $"The stock must be between 0 and the batch's {batch.Quantity} coupons.");
        if (validDays is null && validUntilUtc is null)
            throw new DomainException(ErrorCodes.BadRequest, "Say how long a coupon is valid: days after redemption or a fixed end date.");
        if (validDays is <= 0) throw new DomainException(ErrorCodes.BadRequest, "A coupon is valid for at least one day.");
        if (monthlyLimitPerCitizen is <= 0) throw new DomainException(ErrorCodes.BadRequest, "A monthly limit is at least one.");
        return new MallItem
        {
            BatchId = batch.Id,
            Kind = kind,
            Title = title.Trim(),
            Description = description.Trim(),
            PriceHundredths = price.Hundredths,
            FaceValueFen = batch.FaceValueFen,
            StockLeft = stock,
            ValidDays = validDays,
            ValidUntil = validUntilUtc,
            MonthlyLimitPerCitizen = monthlyLimitPerCitizen,
            Status = MallItemStatus.Listed,
            ListedAt = listedAtUtc,
        };
    }

    /// <summary>A mall administrator puts a submitted batch on the shelf, on the terms its project owner set.</summary>
    public static MallItem ListBatch(CouponBatch batch, string title, string description, string? imageUrl, DateTime nowUtc)
    {
        if (title is { Length: > 120 }) throw new DomainException(ErrorCodes.BadRequest, "A title has at most 120 characters.");
        if (description is { Length: > 1000 }) throw new DomainException(ErrorCodes.BadRequest, "A description has at most 1,000 characters.");
        if (!string.IsNullOrWhiteSpace(imageUrl) && !IsSafeImageUrl(imageUrl))
            throw new DomainException(ErrorCodes.BadRequest, "An image is a path on this site (starting with /) or an https:// address.");
        batch.MarkListed(nowUtc);
        var item = List(batch, CouponKind.BusCoupon, title, description ?? "", batch.Price, batch.Quantity, batch.ValidDays, batch.ValidUntil,
            batch.MonthlyLimitPerCitizen, nowUtc);
        item.ImageUrl = string.IsNullOrWhiteSpace(imageUrl) ? null : imageUrl.Trim();
        return item;
    }

    // A browser reads "/\host" or "/<tab>/host" as another host, so a path on this site is kept to plain characters.
    private static bool IsSafeImageUrl(string url) =>
        url.Length <= 500 && (IsPlainSitePath(url) ||
            (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme == Uri.UriSchemeHttps && !url.Any(char.IsWhiteSpace)));

    private static bool IsPlainSitePath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//") && url.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.');

    internal void Delist() => Status = MallItemStatus.Delisted;

    public bool IsRedeemableAt(DateTime nowUtc) => Status == MallItemStatus.Listed && (ValidUntil is null || ValidUntil > nowUtc);

    /// <summary>The expiry of a coupon redeemed now: days after redemption, capped by the fixed end date.</summary>
    public DateTime CouponExpiryFor(DateTime redeemedAtUtc)
    {
        var byDays = ValidDays is { } days ? redeemedAtUtc.AddDays(days) : DateTime.MaxValue;
        var byDate = ValidUntil ?? DateTime.MaxValue;
        return byDays < byDate ? byDays : byDate;
    }
}
