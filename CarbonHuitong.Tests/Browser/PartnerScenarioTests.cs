using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// A citizen links a partner from "My scenarios" on a phone; the partner (this test, over HTTP, signing as the issue
/// says) redeems the code and sends a batch with a ride the bus validator already recorded; the ledger shows the
/// credits and that the ride was counted once.
/// </summary>
public sealed class PartnerScenarioTests(Chromium chromium) : BrowserTest(chromium)
{
    private const int PhoneWidth = 375, PhoneHeight = 812;

    [SkippableFact]
    public async Task A_citizen_links_a_partner_and_sees_its_credits_and_a_validator_ride_it_reported_again_counted_once() =>
        await RunAsync(nameof(A_citizen_links_a_partner_and_sees_its_credits_and_a_validator_ride_it_reported_again_counted_once), async page =>
        {
            using var partner = await RegisterPartnerAsync("ykb-en", "渝快办", "Yukuaiban");
            await RegisterAsync(page, "scenario.rider.en@example.com");
            var scan = await App.ScanAsync(await RideCodeAsync(page), "scenario-en-ride");
            Assert.Equal(1.10m, scan.GetProperty("creditsEarned").GetDecimal());

            await OpenAsync(page, "/scenarios");
            var card = page.Locator("[data-partner=ykb-en]");
            await Expect(card).ToHaveAttributeAsync("data-linked", "false");
            await card.Locator("[data-testid=link]").ClickAsync();
            var code = (await card.Locator("[data-testid=link-code]").TextContentAsync())!.Trim();
            Assert.Matches("^[2-9A-Z]{4}-[2-9A-Z]{4}$", code);
            await Expect(card.Locator("[data-testid=link-code-reports]")).ToHaveTextAsync("Once linked, Yukuaiban will report: Bus ride and Metro ride.");
            await AssertFitsAndSaveAsync(page, "phone-scenarios-link-code-en");
            await AssertAccessibleAsync(page);

            Assert.Equal(HttpStatusCode.Created, (await partner.PostAsync("/api/partners/links", new { linkCode = code, partnerUserId = "ykb-user-1" })).StatusCode);
            var results = await partner.SendEventsAsync(
                Event("ykb-bus-1", "ykb-user-1", Methodology.BusRide, DateTimeOffset.UtcNow.AddSeconds(-30)),
                Event("ykb-metro-1", "ykb-user-1", Methodology.MetroRide, DateTimeOffset.UtcNow.AddHours(-1)));
            Assert.Equal(("refused", "counted_elsewhere"), (results[0].GetProperty("status").GetString(), results[0].GetProperty("code").GetString()));
            Assert.Equal(("accepted", 4.73m), (results[1].GetProperty("status").GetString(), results[1].GetProperty("credits").GetDecimal()));

            await card.Locator("[data-testid=check-link]").ClickAsync();
            await Expect(card).ToHaveAttributeAsync("data-linked", "true");
            await Expect(card.Locator("[data-testid=link-figures]")).ToHaveTextAsync("So far: 1 event, 4.73 credits.");
            await AssertFitsAndSaveAsync(page, "phone-scenarios-en");

            await OpenAsync(page, "/ledger");
            await Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("5.83");
            await Expect(page.Locator("[data-testid=counted-once]")).ToHaveTextAsync("Chongqing bus validator and Yukuaiban reported this trip; counted once.");
            await Expect(page.Locator("[data-testid=entry-source]").First).ToHaveTextAsync("Reported by Yukuaiban");
            await page.Locator("[data-testid=counted-once]").ScrollIntoViewIfNeededAsync();
            await AssertFitsAndSaveAsync(page, "phone-ledger-counted-once-en");
        }, PhoneWidth, PhoneHeight);

    [SkippableFact]
    public async Task In_chinese_a_partner_reports_a_ride_first_and_the_validators_scan_of_it_is_counted_elsewhere() =>
        await RunAsync(nameof(In_chinese_a_partner_reports_a_ride_first_and_the_validators_scan_of_it_is_counted_elsewhere), async page =>
        {
            using var partner = await RegisterPartnerAsync("ykb-zh", "渝快办", "Yukuaiban");
            await RegisterAsync(page, "scenario.rider.zh@example.com");

            await OpenAsync(page, "/scenarios");
            await Expect(page.Locator("h1")).ToHaveTextAsync("我的场景");
            var card = page.Locator("[data-partner=ykb-zh]");
            await card.Locator("[data-testid=link]").ClickAsync();
            var code = (await card.Locator("[data-testid=link-code]").TextContentAsync())!.Trim();
            await Expect(card.Locator("[data-testid=link-code-reports]")).ToHaveTextAsync("关联后，渝快办将报告：乘坐公交 和 乘坐地铁。");
            await AssertFitsAndSaveAsync(page, "phone-scenarios-link-code-zh-CN");

            Assert.Equal(HttpStatusCode.Created, (await partner.PostAsync("/api/partners/links", new { linkCode = code, partnerUserId = "ykb-user-2" })).StatusCode);
            var results = await partner.SendEventsAsync(Event("ykb-bus-2", "ykb-user-2", Methodology.BusRide, DateTimeOffset.UtcNow.AddSeconds(-30)));
            Assert.Equal(("accepted", 1.10m), (results[0].GetProperty("status").GetString(), results[0].GetProperty("credits").GetDecimal()));
            var scan = await App.ScanAsync(await RideCodeAsync(page), "scenario-zh-ride");
            Assert.True(scan.GetProperty("countedElsewhere").GetBoolean());
            Assert.Equal(0m, scan.GetProperty("creditsEarned").GetDecimal());

            await OpenAsync(page, "/scenarios");
            await Expect(card).ToHaveAttributeAsync("data-linked", "true");
            await Expect(card.Locator("[data-testid=link-figures]")).ToHaveTextAsync("迄今：1 条记录，1.10 积分。");
            await AssertFitsAndSaveAsync(page, "phone-scenarios-zh-CN");

            await OpenAsync(page, "/ledger");
            await Expect(page.Locator("[data-testid=balance]")).ToHaveTextAsync("1.10");
            await Expect(page.Locator("[data-testid=counted-once]")).ToHaveTextAsync("渝快办 和 重庆公交验票机 报告了这次出行；只计一次。");
            await page.Locator("[data-testid=counted-once]").ScrollIntoViewIfNeededAsync();
            await AssertFitsAndSaveAsync(page, "phone-ledger-counted-once-zh-CN");
        }, PhoneWidth, PhoneHeight, locale: "zh-CN");

    [SkippableFact]
    public async Task A_mall_administrator_registers_a_partner_on_a_phone_and_is_shown_its_secret_once() =>
        await RunAsync(nameof(A_mall_administrator_registers_a_partner_on_a_phone_and_is_shown_its_secret_once), async page =>
        {
            await App.CreateUserAsync("partners.admin@example.com", CarbonHuitong.Core.Roles.MallAdmin);
            await SignInAsync(page, "partners.admin@example.com");
            await OpenAsync(page, "/admin/partners");

            await page.FillAsync("input[data-testid=partner-code]", "e2e-bikes");
            await page.FillAsync("input[data-testid=partner-name-zh]", "重庆共享单车");
            await page.FillAsync("input[data-testid=partner-name-en]", "Chongqing Bike Share");
            await page.Locator($"[data-testid=partner-behaviour-{Methodology.SharedBicycle}]").ClickAsync();
            await page.ClickAsync("[data-testid=register-partner]");

            var secret = page.Locator("[data-testid=partner-secret]");
            await Expect(secret).ToBeVisibleAsync();
            var shown = (await secret.TextContentAsync())!.Trim();
            await Expect(page.Locator("[data-testid=partner-secret-dialog]")).ToContainTextAsync("will not be shown again");
            await AssertFitsAndSaveAsync(page, "phone-partner-secret");
            using (var partner = new SigningPartner(App.BaseUrl, "e2e-bikes", shown))
                Assert.Equal(HttpStatusCode.OK, (await partner.PostAsync("/api/partners/events", new { events = Array.Empty<object>() })).StatusCode);

            await page.ClickAsync("[data-testid=secret-done]");
            await Expect(secret).ToHaveCountAsync(0);
            await Expect(page.Locator("[data-testid=partners]")).ToContainTextAsync("e2e-bikes");
            Assert.DoesNotContain(shown, await page.ContentAsync());
            await AssertFitsAndSaveAsync(page, "phone-partners-admin");
            await AssertAccessibleAsync(page);

            await OpenAsync(page, "/admin/partners/figures");
            await Expect(page.Locator("h1")).ToHaveTextAsync("Per-partner figures");
            await AssertFitsAndSaveAsync(page, "phone-partner-figures");
            await AssertAccessibleAsync(page);
        }, PhoneWidth, PhoneHeight);

    private async Task<SigningPartner> RegisterPartnerAsync(string code, string nameZh, string nameEn)
    {
        using var scope = App.Services.CreateScope();
        var issued = await scope.ServiceProvider.GetRequiredService<PartnerService>().RegisterAsync(Actors.MallAdmin,
            new PartnerDraft(code, nameZh, nameEn, [Methodology.BusRide, Methodology.MetroRide]));
        return new SigningPartner(App.BaseUrl, code, issued.Secret);
    }

    private static object Event(string eventId, string partnerUserId, string behaviourCode, DateTimeOffset occurredAt) =>
        new { eventId, partnerUserId, behaviourCode, quantity = 1m, occurredAt };

    private static async Task AssertFitsAndSaveAsync(IPage page, string name)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await SaveScreenshotAsync(page, name);
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px at {PhoneWidth} px wide");
    }

    private static async Task AssertAccessibleAsync(IPage page)
    {
        await Expect(page.Locator("h1")).ToHaveCountAsync(1);
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }

    /// <summary>A partner platform calling the app over HTTP, each call signed with Core's reference <see cref="PartnerSignatures.Sign"/>.</summary>
    private sealed class SigningPartner(string baseUrl, string code, string secret) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl) };

        public async Task<HttpResponseMessage> PostAsync(string path, object body)
        {
            var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web);
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Partner-Id", code);
            request.Headers.Add("X-Timestamp", timestamp);
            request.Headers.Add("X-Signature", PartnerSignatures.Sign(secret, timestamp, "POST", path, Encoding.UTF8.GetBytes(json)));
            return await _http.SendAsync(request);
        }

        public async Task<JsonElement[]> SendEventsAsync(params object[] events)
        {
            var response = await PostAsync("/api/partners/events", new { events });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        }

        public void Dispose() => _http.Dispose();
    }
}
