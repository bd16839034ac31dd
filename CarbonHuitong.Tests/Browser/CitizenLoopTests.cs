using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

public sealed class CitizenLoopTests(Chromium chromium) : BrowserTest(chromium)
{
    [SkippableFact]
    public async Task A_new_citizen_rides_to_twenty_credits_redeems_a_coupon_and_rides_on_it() =>
        await RunAsync(nameof(A_new_citizen_rides_to_twenty_credits_redeems_a_coupon_and_rides_on_it), async page =>
        {
            await RegisterAsync(page, "loop.rider@example.com");
            await OpenAsync(page, "/ledger");
            await Expect(page.Locator("[data-testid=empty-ledger]")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("0.00");

            for (var ride = 1; ride <= 19; ride++)
            {
                var scan = await App.ScanAsync(await RideCodeAsync(page), $"loop-{ride}");
                Assert.Equal(1.10m, scan.GetProperty("creditsEarned").GetDecimal());
            }
            await OpenAsync(page, "/ledger");
            await Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("20.90");
            await Expect(page.Locator("[data-testid=green-trips]")).ToHaveTextAsync("19");
            await Expect(page.Locator("[data-testid=ledger-entry]").First).ToContainTextAsync("+1.10");

            await OpenAsync(page, "/mall");
            await page.Locator("[data-testid=mall-item]").Filter(new() { HasText = "Browser bus coupon" })
                .Locator("button[data-testid=redeem]").ClickAsync();
            await page.ClickAsync("[data-testid=confirm-redeem]");
            await Expect(page.Locator("[data-testid=mall-balance]")).ToHaveTextAsync("0.90");

            await OpenAsync(page, "/coupons");
            await Expect(page.Locator("[data-testid=coupon][data-status=Unused]")).ToHaveCountAsync(1);

            await OpenAsync(page, "/ride-code");
            await Expect(page.Locator("[data-testid=next-ride]")).ToContainTextAsync("you pay ¥0.00");
            var token = await page.Locator("[data-testid=ride-code-qr]").GetAttributeAsync("data-token");
            var answer = await App.ScanAsync(token!, "loop-coupon-ride");
            Assert.True(answer.GetProperty("couponApplied").GetBoolean());
            Assert.Equal(0, answer.GetProperty("amountDueFen").GetInt64());

            await OpenAsync(page, "/coupons?tab=used");
            await Expect(page.Locator("[data-testid=coupon][data-status=Used]")).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=coupon][data-status=Used]")).ToContainTextAsync("871");
        });

    [SkippableFact]
    public async Task A_citizen_opening_admin_is_refused() =>
        await RunAsync(nameof(A_citizen_opening_admin_is_refused), async page =>
        {
            await RegisterAsync(page, "nosy.citizen@example.com");

            await page.GotoAsync("/admin");

            Assert.Contains("/Account/AccessDenied", page.Url);
            await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
        });

    [SkippableFact]
    public async Task Switching_the_language_shows_the_page_in_chinese_and_remembers_it() =>
        await RunAsync(nameof(Switching_the_language_shows_the_page_in_chinese_and_remembers_it), async page =>
        {
            await RegisterAsync(page, "bilingual@example.com");
            await OpenAsync(page, "/mall");

            await page.ClickAsync("nav.culture-switch a[lang=zh-CN]");
            await page.WaitForURLAsync("**/mall");

            await Expect(page.Locator("nav.culture-switch a.active")).ToHaveTextAsync("中文");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            await Expect(page.Locator(".mud-navmenu")).ToContainTextAsync("积分商城");
            await Expect(page.Locator(".mud-navmenu")).ToContainTextAsync("乘车码");
            await SaveScreenshotAsync(page, "mall-zh-CN");

            await OpenAsync(page, "/ledger");
            await Expect(page.Locator("h1")).ToContainTextAsync("碳账本");
        });

    [SkippableFact]
    public async Task A_citizen_signs_in_from_the_keyboard_alone() =>
        await RunAsync(nameof(A_citizen_signs_in_from_the_keyboard_alone), async page =>
        {
            await App.CreateUserAsync("keyboard@example.com");
            await page.GotoAsync("/Account/Login");

            await page.FocusAsync("#email");
            await page.Keyboard.TypeAsync("keyboard@example.com");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync(BrowserApp.Password);
            await page.Keyboard.PressAsync("Enter");

            await page.WaitForURLAsync("**/ledger");
            await Expect(page.Locator("h1")).ToHaveTextAsync("My carbon ledger");
        });
}
