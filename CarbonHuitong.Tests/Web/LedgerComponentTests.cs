using CarbonHuitong.Core;
using CarbonHuitong.Core.Audit;
using CarbonHuitong.Core.Persistence;
using System.Security.Claims;
using Bunit;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Pages.Ledger;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using CarbonHuitong.Core.Funding;
using MudBlazor;
using MudBlazor.Services;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Tests.Web;

/// <summary>The ledger page's parts, rendered against a real SQLite file.</summary>
public sealed class LedgerComponentTests : PageTestContext
{
    [Fact]
    public void The_balance_card_shows_balance_reduction_and_trips()
    {
        var summary = new AccountSummary(1, Credits.FromDecimal(66.3m), Credits.FromDecimal(86.3m), Credits.FromDecimal(20m),
            CarbonMass.FromGrams(7_845.72m), 42, HasEntries: true);

        var card = Render<BalanceCard>(p => p.Add(c => c.Summary, summary));

        Assert.Equal("66.30", card.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Equal("7.85 kg", card.Find("[data-testid=reduced]").TextContent.Trim());
        Assert.Equal("42", card.Find("[data-testid=green-trips]").TextContent.Trim());
        // 7,845.72 g at the US EPA's 60 kg per seedling over 10 years (3,652.5 days): 477.6 days.
        Assert.Equal("About what one tree takes up in 478 days", card.Find("[data-testid=tree-equivalent]").TextContent.Trim());
        Assert.Contains("spent 20.00", card.Markup);
    }

    [Theory]
    [InlineData(360_000, "About what one tree takes up in 22 days")]
    [InlineData(60_000_000, "About what one tree takes up in 10 years")]
    [InlineData(10_000, "About what one tree takes up in less than a day")]
    public void A_reduction_is_put_as_a_trees_work(long milligrams, string expected) =>
        Assert.Equal(expected, TreeEquivalent.Of(new CarbonMass(milligrams)));

    [Fact]
    public async Task The_history_lists_a_seeded_accounts_entries_newest_first_with_running_balance()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var ledger = new TestLedger(db, Clock);
            await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 16, 8, 5)));
            await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.SharedBicycle, 3.5m, ChinaTime.Utc(2026, 3, 17, 18, 40)));
        }
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).ListAsync();

        var history = Render<LedgerHistory>(p => p
            .Add(c => c.AccountId, citizen.AccountId)
            .Add(c => c.Behaviours, behaviours));

        history.WaitForAssertion(() => Assert.Equal(2, history.FindAll("[data-testid=ledger-entry]").Count));
        var rows = history.FindAll("[data-testid=ledger-entry]");
        Assert.Contains("2026-03-17 18:40", rows[0].TextContent);
        Assert.Contains("Shared bicycle · 3.5 km", rows[0].TextContent);
        Assert.Contains("+8.02", rows[0].TextContent);
        Assert.Contains("9.12", rows[0].TextContent);
        Assert.Contains("Bus ride · 1 ride", rows[1].TextContent);
        Assert.Contains("+1.10", rows[1].TextContent);
    }

    [Fact]
    public async Task The_history_groups_entries_by_month_with_totals_that_agree_with_the_ledger_and_loads_more_on_request()
    {
        var citizen = await new CitizenBuilder().WithCredits(30m).BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var ledger = new TestLedger(db, Clock);
            for (var ride = 0; ride < 14; ride++)
                await ledger.RecordHistoryAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, ChinaTime.Utc(2026, 2, 1 + ride, 8, 0)));
            for (var ride = 0; ride < 10; ride++)
                await ledger.RecordHistoryAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, ChinaTime.Utc(2026, 3, 1 + ride, 8, 0)));
            await ledger.SpendAsync(citizen.AccountId, Credits.FromDecimal(20m), "2-yuan bus coupon", "coupon-1");
        }
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).ListAsync();
        var sums = (await read.LedgerEntries.Where(e => e.AccountId == citizen.AccountId).Select(e => new { e.OccurredAt, e.CreditHundredths, e.Milligrams, e.Kind })
                .ToListAsync())
            .GroupBy(e => PlatformTime.ChinaDateOf(e.OccurredAt).Month)
            .ToDictionary(g => g.Key, g => (In: g.Where(e => e.CreditHundredths > 0).Sum(e => e.CreditHundredths),
                Out: g.Where(e => e.CreditHundredths < 0).Sum(e => e.CreditHundredths), Grams: g.Where(e => e.Kind == LedgerEntryKind.Earn).Sum(e => e.Milligrams)));

        var history = Render<LedgerHistory>(p => p.Add(c => c.AccountId, citizen.AccountId).Add(c => c.Behaviours, behaviours));

        // 26 entries (the opening adjustment, 24 rides, the coupon): the first 20, March's and February's first rides.
        history.WaitForAssertion(() => Assert.Equal(20, history.FindAll("[data-testid=ledger-entry]").Count));
        Assert.Equal("Showing 20 of 26", history.Find("[data-testid=history-count]").TextContent.Trim());
        var months = history.FindAll("[data-testid=month-totals]");
        Assert.Equal(["2026-03", "2026-02"], months.Select(m => m.QuerySelector("h3")!.TextContent.Trim()));
        foreach (var (month, header) in new[] { (3, months[0]), (2, months[1]) })
        {
            var (credits, spent, milligrams) = sums[month];
            Assert.Contains(LedgerText.SignedCredits(new Credits(credits)), header.TextContent);
            if (spent != 0) Assert.Contains(LedgerText.SignedCredits(new Credits(spent)), header.TextContent);
            Assert.Contains(new CarbonMass(milligrams).ToDisplayString(), header.TextContent);
        }
        Assert.Contains("1.68 kg", months[1].TextContent); // all 14 of February's rides, though only some are loaded

        history.Find("[data-testid=load-more]").Click();
        history.WaitForAssertion(() => Assert.Equal(26, history.FindAll("[data-testid=ledger-entry]").Count));
        Assert.Empty(history.FindAll("[data-testid=load-more]"));
        var entry = history.FindAll("[data-testid=ledger-entry]")[0];
        Assert.Contains("Balance", entry.QuerySelector("dl")!.TextContent);
    }

    [Fact]
    public async Task A_new_filter_starts_again_from_the_first_page_and_an_empty_result_says_so()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var ledger = new TestLedger(db, Clock);
            for (var ride = 0; ride < 25; ride++)
                await ledger.RecordHistoryAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, Clock.UtcNow.AddDays(-ride - 1)));
        }
        await using var read = Database.CreateContext();
        var behaviours = await new MethodologyService(read, new AuditLog(read, Clock), Clock, new ReferenceDataCache(Clock)).ListAsync();
        var history = Render<LedgerHistory>(p => p.Add(c => c.AccountId, citizen.AccountId).Add(c => c.Behaviours, behaviours));
        history.WaitForAssertion(() => Assert.Equal(20, history.FindAll("[data-testid=ledger-entry]").Count));
        history.Find("[data-testid=load-more]").Click();
        history.WaitForAssertion(() => Assert.Equal(25, history.FindAll("[data-testid=ledger-entry]").Count));

        await history.InvokeAsync(() => history.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(Methodology.BusRide));

        history.WaitForAssertion(() => Assert.Equal(20, history.FindAll("[data-testid=ledger-entry]").Count));
        await history.InvokeAsync(() => history.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(Methodology.SharedBicycle));
        history.WaitForAssertion(() => Assert.Equal("No entries match these filters.", history.Find("[data-testid=history-empty]").TextContent.Trim()));
        Assert.Empty(history.FindAll("[data-testid=ledger-entry]"));
    }

    [Fact]
    public async Task An_empty_account_gets_a_friendly_empty_state_instead_of_charts()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);

        var page = Render<MyLedger>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=empty-ledger]")));
        Assert.Contains("waiting for its first green trip", page.Markup);
        Assert.Contains("earn 1.1 credits (about 120 g of CO₂e avoided)", page.Find("[data-testid=empty-ledger]").TextContent);
        Assert.Equal("0.00", page.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=ledger-history]"));
        Assert.Equal("ride-code", page.Find("[data-testid=empty-ledger-ride-code]").GetAttribute("href"));
    }

    [Fact]
    public async Task The_empty_ledger_quotes_the_bus_ride_factor_in_effect_today()
    {
        await Database.AsRequestAsync(Clock, s => s.Methodology.ScheduleAsync(Actors.MallAdmin,
            new FactorDraft(Methodology.BusRide, PlatformTime.ChinaToday(Clock), 150m, 1.4m, BilingualText.Of(null, "A newer published study"))));
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        SignIn(citizen);

        var page = Render<MyLedger>();

        page.WaitForAssertion(() => Assert.Contains("earn 1.4 credits (about 150 g of CO₂e avoided)",
            page.Find("[data-testid=empty-ledger]").TextContent));
    }

    [Fact]
    public async Task A_seeded_account_shows_its_balance_breakdown_and_history_on_the_page()
    {
        var citizen = await new CitizenBuilder().BuildAsync(Database, Clock);
        await using (var db = Database.CreateContext())
        {
            var ledger = new TestLedger(db, Clock);
            for (var ride = 0; ride < 10; ride++)
                await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.BusRide, 1, Clock.UtcNow.AddHours(-ride - 1)));
            await ledger.RecordEarnAsync(EarnRequests.Of(citizen.AccountId, Methodology.TakeawayWithoutUtensils, 1, Clock.UtcNow.AddHours(-20)));
        }
        SignIn(citizen);

        var page = Render<MyLedger>();

        page.WaitForAssertion(() => Assert.Equal(11, page.FindAll("[data-testid=ledger-entry]").Count));
        Assert.Equal("11.42", page.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Contains("Green travel", page.Markup);
        Assert.Contains("Food", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=empty-ledger]"));
    }
}
