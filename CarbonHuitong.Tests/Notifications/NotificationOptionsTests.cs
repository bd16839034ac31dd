using CarbonHuitong.Core;
using CarbonHuitong.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    [Theory]
    [InlineData(0, 3, 7, 500, "Notifications:CreditReminderDays must be 1 to 364 days.")]
    [InlineData(365, 3, 7, 500, "Notifications:CreditReminderDays must be 1 to 364 days.")]
    [InlineData(30, 0, 7, 500, "Notifications:CouponReminderDays must be 1 to 90 days.")]
    [InlineData(30, 3, 91, 500, "Notifications:LookbackDays must be 1 to 90 days.")]
    [InlineData(30, 3, 7, 0, "Notifications:BatchSize must be 1 to 5,000.")]
    public void A_setting_out_of_range_is_refused_with_what_to_fix(int creditDays, int couponDays, int lookbackDays, int batchSize, string problem)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCarbonHuitongCore("Data Source=unused.db");
        services.Configure<NotificationOptions>(o => (o.CreditReminderDays, o.CouponReminderDays, o.LookbackDays, o.BatchSize) =
            (creditDays, couponDays, lookbackDays, batchSize));
        using var provider = services.BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<NotificationOptions>>().Value);

        Assert.Equal(problem, Assert.Single(refusal.Failures));
    }

    [Fact]
    public void The_defaults_are_thirty_days_for_credits_three_for_coupons_and_a_week_of_lookback()
    {
        var defaults = new NotificationOptions();

        Assert.Equal((30, 3, 7, (string?)null), (defaults.CreditReminderDays, defaults.CouponReminderDays, defaults.LookbackDays, defaults.Problem()));
    }
}
