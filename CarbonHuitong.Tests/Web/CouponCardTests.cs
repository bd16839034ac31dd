using Bunit;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Web;

public sealed class CouponCardTests : BunitContext, IAsyncLifetime
{
    public CouponCardTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor can only be disposed asynchronously.
    public new Task DisposeAsync() => base.DisposeAsync().AsTask();

    [Fact]
    public void A_coupon_that_ends_with_its_batchs_last_day_reads_as_valid_until_the_end_of_that_day()
    {
        var card = Render<CouponCard>(p => p.Add(c => c.Coupon, Coupon(PlatformTime.EndOfChinaDay(new DateOnly(2026, 12, 31)))));

        Assert.Contains("Valid until 2026-12-31 23:59", card.Markup);
        Assert.DoesNotContain("2027-01-01", card.Markup);
    }

    [Fact]
    public void A_coupon_that_ends_days_after_redemption_reads_as_its_exact_time()
    {
        var card = Render<CouponCard>(p => p.Add(c => c.Coupon, Coupon(ChinaTime.Utc(2026, 4, 17, 10, 23))));

        Assert.Contains("Valid until 2026-04-17 10:23", card.Markup);
    }

    [Fact]
    public void A_coupon_voided_at_closure_reads_as_voided_not_expired()
    {
        var card = Render<CouponCard>(p => p.Add(c => c.Coupon, Coupon(ChinaTime.Utc(2026, 4, 17, 10, 23)) with { Status = CouponStatus.Voided }));

        Assert.Contains("Voided when the account was closed.", card.Markup);
        Assert.DoesNotContain("Expired", card.Markup);
    }

    private static CouponView Coupon(DateTime expiresAtUtc) => new(1, "0123456789ABCDEF", CouponKind.BusCoupon, BilingualText.Of(null, "2-yuan bus coupon"),
        new Fen(200), CouponStatus.Unused, ChinaTime.Utc(2026, 3, 18, 10, 0), expiresAtUtc, null, null, null);
}
