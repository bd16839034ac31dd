using System.Globalization;
using Bunit;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Ledger;
using CarbonHuitong.Web.Components.Shared;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// What the citizen sees of credits' life on the ledger page, in both languages: credits pending and credits about to
/// expire on the balance card, and in the history a pending order (held, not in the balance), its confirmation, its
/// reversal by the partner, and last year's credits expired.
/// </summary>
public sealed class LedgerLifecycleTests : PageTestContext
{
    // The clock reads Wednesday 18 March 2026: credits earned in 2024 expired at the start of 2026, those of 2025 expire at its end.
    private const decimal OrderCredits = 0.42m;

    [Fact]
    public void The_balance_card_says_what_is_pending_and_what_expires_on_which_day_and_nothing_when_there_is_neither()
    {
        var summary = new AccountSummary(1, Credits.FromDecimal(5.5m), Credits.FromDecimal(5.5m), Credits.Zero, CarbonMass.FromGrams(600m), 5, true)
            { Pending = Credits.FromDecimal(12m) };
        var forecast = new ExpiryForecast(Credits.FromDecimal(3.3m), new DateOnly(2026, 12, 31));

        var card = Render<BalanceCard>(p => p.Add(c => c.Summary, summary).Add(c => c.Expiring, forecast));
        var quiet = Render<BalanceCard>(p => p.Add(c => c.Summary, summary with { Pending = Credits.Zero }).Add(c => c.Expiring, ExpiryForecast.Nothing));

        Assert.Equal("12.00 credits pending", card.Find("[data-testid=pending-credits]").TextContent.Trim());
        Assert.Equal("3.30 credits expire on 2026-12-31", card.Find("[data-testid=expiring-credits]").TextContent.Trim());
        Assert.Empty(quiet.FindAll("[data-testid=pending-credits]"));
        Assert.Empty(quiet.FindAll("[data-testid=expiring-credits]"));
        InChinese(() =>
        {
            var chinese = Render<BalanceCard>(p => p.Add(c => c.Summary, summary).Add(c => c.Expiring, forecast));
            Assert.Equal("待确认 12.00 积分", chinese.Find("[data-testid=pending-credits]").TextContent.Trim());
            Assert.Equal("3.30 积分将于 2026年12月31日 过期", chinese.Find("[data-testid=expiring-credits]").TextContent.Trim());
        });
    }

    [Fact]
    public async Task The_ledger_page_shows_the_pending_order_and_what_expires_at_the_end_of_the_year()
    {
        var citizen = await CitizenWithALifeOfCreditsAsync();
        SignIn(citizen);

        var page = Render<MyLedger>();

        page.WaitForAssertion(() => Assert.Equal($"{OrderCredits:0.00} credits pending", page.Find("[data-testid=pending-credits]").TextContent.Trim()));
        Assert.Equal("3.30 credits expire on 2026-12-31", page.Find("[data-testid=expiring-credits]").TextContent.Trim());
        // 3 rides last year and the confirmed order: the pending one is not in the balance; 2024's rides expired.
        Assert.Equal($"{3.3m + OrderCredits:0.00}", page.Find("[data-testid=balance]").TextContent.Trim());
    }

    [Fact]
    public async Task The_history_reads_a_pending_order_its_confirmation_a_reversal_and_an_expiry()
    {
        var citizen = await CitizenWithALifeOfCreditsAsync();

        var history = await RenderHistoryAsync(citizen.AccountId);

        history.WaitForAssertion(() => Assert.Equal(11, history.FindAll("[data-testid=ledger-entry]").Count));
        var rows = history.FindAll("[data-testid=ledger-entry]").Select(r => r.TextContent).ToList();
        var stillPending = Assert.Single(rows, r => r.Contains("Pending: 0.42 credits, not in your balance yet"));
        Assert.Contains("Takeaway without utensils · 1 order", stillPending);
        Assert.Contains("(+0.42)", stillPending);
        Assert.Single(rows, r => r.Contains("Takeaway without utensils") && r.Contains("Confirmed") && r.Contains("(+0.42)"));
        var confirmation = Assert.Single(rows, r => r.Contains("Confirmed: now in your balance"));
        Assert.Contains("+0.42", confirmation);
        Assert.Contains("Reported by Shancheng Takeaway", confirmation);
        Assert.Single(rows, r => r.Contains("(+0.42)") && r.Contains("Reversed") && !r.Contains("Reversed by"));
        var reversal = Assert.Single(rows, r => r.Contains("Reversed by Shancheng Takeaway: Takeaway without utensils · 1 order"));
        Assert.Contains("(-0.42)", reversal);
        var expiry = Assert.Single(rows, r => r.Contains("Expired: credits earned in 2024"));
        Assert.Contains("-2.20", expiry);
    }

    [Fact]
    public async Task In_chinese_the_history_reads_pending_reversed_confirmed_and_expired_in_chinese()
    {
        var citizen = await CitizenWithALifeOfCreditsAsync();

        await InChineseAsync(async () =>
        {
            var history = await RenderHistoryAsync(citizen.AccountId);

            history.WaitForAssertion(() => Assert.Equal(11, history.FindAll("[data-testid=ledger-entry]").Count));
            var rows = history.FindAll("[data-testid=ledger-entry]").Select(r => r.TextContent).ToList();
            Assert.Single(rows, r => r.Contains("待确认 0.42 积分，暂不计入余额") && r.Contains("外卖不要餐具 · 1 单"));
            Assert.Single(rows, r => r.Contains("已撤销（山城外卖）：外卖不要餐具 · 1 单"));
            Assert.Single(rows, r => r.Contains("已确认，已计入余额"));
            Assert.Single(rows, r => r.Contains("积分过期：2024 年获得的积分"));
        });
    }

    /// <summary>
    /// A citizen with bus rides imported from the operator's history (two in November 2024, expired at the start of
    /// 2026 by the expiry job; three in November 2025), and three takeaway orders 山城外卖 sent as pending this
    /// morning: one it confirmed, one it reversed, one still pending.
    /// </summary>
    private async Task<Citizen> CitizenWithALifeOfCreditsAsync()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        TestPartner takeaway;
        await using (var db = Database.CreateContext())
        {
            string[] behaviours = [Methodology.TakeawayWithoutUtensils];
            var issued = await PartnerSetup.Admin(db, Clock).RegisterAsync(Actors.MallAdmin, new PartnerDraft("takeaway", "山城外卖", "Shancheng Takeaway", behaviours));
            takeaway = new TestPartner("takeaway", issued.Secret, issued.SecretId, new PartnerIdentity("takeaway", behaviours.ToHashSet()));
            await CoreServices.Earning(db, Clock).ImportHistoryAsync([
                .. new[] { (2024, 4), (2024, 5), (2025, 4), (2025, 5), (2025, 6) }.Select(d =>
                    new EarnRequest(citizen.AccountId, Methodology.BusRide, 1, "history", $"h-{d.Item1}-{d.Item2}", ChinaTime.Utc(d.Item1, 11, d.Item2, 8)))]);
            Assert.Equal(1, (await CoreServices.Expiry(db, Clock).RunAsync()).Accounts);
        }
        await Database.LinkAsync(Clock, takeaway, citizen.AccountId, "u-1");
        var sent = await Database.SendAsync(Clock, takeaway, Order("o-1", 3), Order("o-2", 2), Order("o-3", 1));
        Assert.All(sent, s => Assert.True(s.Pending));
        await using (var db = Database.CreateContext())
        {
            var pending = CoreServices.Pending(db, Clock);
            Assert.Equal(SettlementOutcome.Confirmed, Assert.Single(await pending.ConfirmAsync(takeaway.Identity.LedgerSource, ["o-1"])).Outcome);
            Assert.Equal(SettlementOutcome.Reversed,
                Assert.Single(await pending.ReverseAsync(takeaway.Identity.LedgerSource, ["o-2"], PartnerSettlements.ReversedByPartner)).Outcome);
        }
        return citizen;
    }

    private PartnerEventInput Order(string eventId, int hoursAgo) =>
        new(eventId, "u-1", Methodology.TakeawayWithoutUtensils, 1, Clock.UtcNow.AddHours(-hoursAgo), Pending: true);

    private async Task<IRenderedComponent<LedgerHistory>> RenderHistoryAsync(long accountId)
    {
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).InEffectAsync();
        return Render<LedgerHistory>(p => p.Add(c => c.AccountId, accountId).Add(c => c.Behaviours, behaviours));
    }

    private static void InChinese(Action render) => InChineseAsync(() =>
    {
        render();
        return Task.CompletedTask;
    }).GetAwaiter().GetResult();

    private static async Task InChineseAsync(Func<Task> render)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            await render();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
