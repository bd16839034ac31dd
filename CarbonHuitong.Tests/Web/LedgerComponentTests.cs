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
        Assert.Contains("spent 20.00", card.Markup);
    }

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

        history.WaitForAssertion(() => Assert.Equal(2, history.FindAll("tbody tr").Count));
        var rows = history.FindAll("tbody tr");
        Assert.Contains("2026-03-17 18:40", rows[0].TextContent);
        Assert.Contains("Shared bicycle · 3.5 km", rows[0].TextContent);
        Assert.Contains("+8.02", rows[0].TextContent);
        Assert.Contains("9.12", rows[0].TextContent);
        Assert.Contains("Bus ride · 1 ride", rows[1].TextContent);
        Assert.Contains("+1.10", rows[1].TextContent);
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

        page.WaitForAssertion(() => Assert.Equal(11, page.FindAll("[data-testid=ledger-history] tbody tr").Count));
        Assert.Equal("11.42", page.Find("[data-testid=balance]").TextContent.Trim());
        Assert.Contains("Green travel", page.Markup);
        Assert.Contains("Food", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=empty-ledger]"));
    }
}
