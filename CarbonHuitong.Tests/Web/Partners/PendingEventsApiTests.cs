using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// Pending partner events over HTTP, on both stores: sent with <c>"pending": true</c>, held (seen, never spendable),
/// then confirmed or reversed by the partner at the signed settlement endpoints, each id answered with its status, a
/// repeat answered as before; left past the partner's window, confirmed by the lifecycle job and no longer reversible.
/// The citizen's account and ledger show what is pending and what expires.
/// </summary>
public abstract class PendingEventsApiTests(ITestStores stores) : IAsyncLifetime
{
    private const string Confirmations = "/api/partners/events/confirmations";
    private const string Reversals = "/api/partners/events/reversals";

    // The app's clock, started at the real time (the claim window and the signatures are read against it) and moved by the job's test.
    private readonly TestClock _clock = new(DateTimeOffset.UtcNow);
    private PartnerHost _host = null!;
    private HttpPartner _takeaway = null!;
    private HttpClient _citizen = null!;

    public async Task InitializeAsync()
    {
        _host = await PartnerHost.StartAsync(stores, clock: _clock);
        _takeaway = await _host.RegisterPartnerAsync(behaviours: [Methodology.TakeawayWithoutUtensils, Methodology.MetroRide]);
        _citizen = await _host.LinkedCitizenAsync(_takeaway, "u-1");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Two takeaway orders without utensils: 2 × 45.72 g, at the bus ride's ratio of credits.</summary>
    private static decimal OrderCredits => Credits.RoundFrom(2 * Methodology.CreditsForReduction(45.72m).Value).Value;

    private object Order(string eventId, bool pending = true) => new
    {
        eventId, partnerUserId = "u-1", behaviourCode = Methodology.TakeawayWithoutUtensils, quantity = 2m,
        occurredAt = _clock.GetUtcNow().AddHours(-1), pending,
    };

    [SkippableFact]
    public async Task A_pending_order_is_held_then_confirmed_spendable_and_a_repeat_or_a_later_reversal_changes_nothing()
    {
        var sent = Assert.Single(await _host.IngestAsync(_takeaway, Order("o-1")));
        Assert.Equal(("accepted", true, OrderCredits), (sent.GetProperty("status").GetString(), sent.GetProperty("pending").GetBoolean(),
            sent.GetProperty("credits").GetDecimal()));
        Assert.Equal((0m, OrderCredits), await BalanceAndPendingAsync());
        var held = Assert.Single(await LedgerAsync());
        Assert.Equal(("pending", OrderCredits, "pending", 0m), (Text(held, "kind"), Number(held, "pendingCredits"), Text(held, "pendingStatus"),
            Number(held, "credits")));

        var confirmed = await SettleAsync(Confirmations, "o-1");
        var again = await SettleAsync(Confirmations, "o-1");
        var reversal = await SettleAsync(Reversals, "o-1");

        Assert.Equal([("o-1", "confirmed", OrderCredits)], confirmed);
        Assert.Equal(confirmed, again);
        Assert.Equal([("o-1", "already_confirmed", OrderCredits)], reversal);
        Assert.Equal((OrderCredits, 0m), await BalanceAndPendingAsync());
        var ledger = await LedgerAsync();
        Assert.Equal(2, ledger.Length);
        var earn = Assert.Single(ledger, e => Text(e, "kind") == "earn");
        Assert.True(earn.GetProperty("confirmsPending").GetBoolean());
        Assert.Equal((OrderCredits, -OrderCredits, 91.44m), (Number(earn, "credits"), Number(earn, "pendingCredits"), Number(earn, "grams")));
        Assert.Equal("confirmed", Text(Assert.Single(ledger, e => Text(e, "kind") == "pending"), "pendingStatus"));
    }

    [SkippableFact]
    public async Task A_reversed_order_leaves_nothing_held_or_spendable_and_a_repeat_or_a_later_confirmation_changes_nothing()
    {
        await _host.IngestAsync(_takeaway, Order("o-2"));

        var reversed = await SettleAsync(Reversals, "o-2");
        var again = await SettleAsync(Reversals, "o-2");
        var confirmation = await SettleAsync(Confirmations, "o-2");

        Assert.Equal([("o-2", "reversed", OrderCredits)], reversed);
        Assert.Equal(reversed, again);
        Assert.Equal([("o-2", "already_reversed", OrderCredits)], confirmation);
        Assert.Equal((0m, 0m), await BalanceAndPendingAsync());
        var ledger = await LedgerAsync();
        var reverse = Assert.Single(ledger, e => Text(e, "kind") == "reverse");
        Assert.Equal((0m, -OrderCredits, 0m), (Number(reverse, "credits"), Number(reverse, "pendingCredits"), Number(reverse, "grams")));
        Assert.Equal("reversed", Text(Assert.Single(ledger, e => Text(e, "kind") == "pending"), "pendingStatus"));
    }

    [SkippableFact]
    public async Task Each_id_is_answered_in_order_an_order_credited_outright_is_not_pending_and_another_partners_ids_are_unknown()
    {
        var other = await _host.RegisterPartnerAsync(behaviours: [Methodology.TakeawayWithoutUtensils]);
        await _host.IngestAsync(_takeaway, Order("o-3"), Order("o-outright", pending: false), Order("o-4"));

        var response = await _host.SendAsync(_takeaway, HttpMethod.Post, Confirmations, new { eventIds = new[] { "o-3", "o-outright", "never-sent", "o-3", "o-4" } });
        var strangers = await SettleAsync(Reversals, "o-4", other);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [("o-3", "confirmed", OrderCredits), ("o-outright", "not_pending", OrderCredits), ("never-sent", "unknown_event", 0m),
                ("o-3", "confirmed", OrderCredits), ("o-4", "confirmed", OrderCredits)],
            await ResultsAsync(response));
        Assert.Equal([("o-4", "unknown_event", 0m)], strangers);
        Assert.Equal((3 * OrderCredits, 0m), await BalanceAndPendingAsync());
    }

    [SkippableFact]
    public async Task A_confirmation_for_a_frozen_account_waits_while_a_reversal_goes_through()
    {
        await _host.IngestAsync(_takeaway, Order("o-5"), Order("o-6"));
        await FreezeTheCitizenAsync();

        var waiting = await SettleAsync(Confirmations, "o-5");
        var reversed = await SettleAsync(Reversals, "o-6");

        Assert.Equal([("o-5", "account_frozen", OrderCredits)], waiting);
        Assert.Equal([("o-6", "reversed", OrderCredits)], reversed);
        Assert.Equal((0m, OrderCredits), await BalanceAndPendingAsync());
    }

    [SkippableFact]
    public async Task An_order_left_past_the_partners_window_is_confirmed_by_the_lifecycle_job_and_can_no_longer_be_reversed()
    {
        await _host.AdministerAsync(p => p.SetPendingWindowAsync(Actors.MallAdmin, _takeaway.Code, 2));
        await _host.IngestAsync(_takeaway, Order("o-7"));
        _clock.Advance(TimeSpan.FromMinutes(119));
        Assert.Equal(0, await ConfirmedByTheJobAsync());

        _clock.Advance(TimeSpan.FromMinutes(2));
        var confirmed = await ConfirmedByTheJobAsync();
        var reversal = await SettleAsync(Reversals, "o-7");

        Assert.Equal(1, confirmed);
        Assert.Equal([("o-7", "already_confirmed", OrderCredits)], reversal);
        await using var scope = _host.App.Services.CreateAsyncScope();
        var accountId = await scope.ServiceProvider.GetRequiredService<CarbonHuitong.Core.Persistence.CarbonDbContext>().PartnerLinks
            .Where(l => l.PartnerCode == _takeaway.Code).Select(l => l.AccountId).SingleAsync();
        var summary = (await scope.ServiceProvider.GetRequiredService<LedgerQueries>().GetSummaryAsync(accountId))!;
        Assert.Equal((OrderCredits, 0m), (summary.Balance.Value, summary.Pending.Value));
    }

    [SkippableFact]
    public async Task The_account_says_what_expires_at_the_end_of_this_year_from_credits_earned_last_year()
    {
        var fresh = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        var citizen = await _host.LinkedCitizenAsync(fresh, "u-expiring");
        var thisYear = PlatformTime.ChinaToday(_clock).Year;
        var before = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        await using (var scope = _host.App.Services.CreateAsyncScope())
        {
            var accountId = await scope.ServiceProvider.GetRequiredService<CarbonHuitong.Core.Persistence.CarbonDbContext>().PartnerLinks
                .Where(l => l.PartnerCode == fresh.Code).Select(l => l.AccountId).SingleAsync();
            // The operator's history: three bus rides last November.
            await scope.ServiceProvider.GetRequiredService<EarningService>().ImportHistoryAsync([.. Enumerable.Range(1, 3).Select(day =>
                new EarnRequest(accountId, Methodology.BusRide, 1, "history", $"h-{day}", ChinaTime.Utc(thisYear - 1, 11, day, 8)))]);
        }

        var account = await citizen.GetFromJsonAsync<JsonElement>("/api/me/account");

        Assert.Equal((0m, 0m, JsonValueKind.Null), (Number(before, "pendingCredits"), Number(before, "expiringCredits"), before.GetProperty("expiresOn").ValueKind));
        Assert.Equal((3.3m, 3.3m, $"{thisYear}-12-31"), (Number(account, "balance"), Number(account, "expiringCredits"), Text(account, "expiresOn")));
    }

    [SkippableFact]
    public async Task Unsigned_or_wrongly_signed_settlements_are_refused_401_and_settle_nothing()
    {
        await _host.IngestAsync(_takeaway, Order("o-8"));
        using var anonymous = _host.CreateClient();

        foreach (var path in new[] { Confirmations, Reversals })
        {
            // No X-Partner-Id: nobody is named, so no partner is known.
            await PartnerHost.AssertProblemAsync(await anonymous.PostAsJsonAsync(path, new { eventIds = new[] { "o-8" } }),
                HttpStatusCode.Unauthorized, ErrorCodes.UnknownPartner);
            await PartnerHost.AssertProblemAsync(await _host.SendRawAsync(_takeaway.Code, "ps_not-the-secret-of-this-partner", HttpMethod.Post, path,
                PartnerHost.Json(new { eventIds = new[] { "o-8" } })), HttpStatusCode.Unauthorized, ErrorCodes.InvalidSignature);
            // Signed for the other endpoint: the path is part of what is signed.
            var other = path == Confirmations ? Reversals : Confirmations;
            var body = PartnerHost.Json(new { eventIds = new[] { "o-8" } });
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            request.Headers.Add("X-Partner-Id", _takeaway.Code);
            request.Headers.Add("X-Timestamp", timestamp);
            request.Headers.Add("X-Signature", Core.Behaviours.Partners.PartnerSignatures.Sign(_takeaway.Secret, timestamp, "POST", other,
                System.Text.Encoding.UTF8.GetBytes(body)));
            await PartnerHost.AssertProblemAsync(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized, ErrorCodes.InvalidSignature);
        }

        Assert.Equal((0m, OrderCredits), await BalanceAndPendingAsync());
    }

    [SkippableFact]
    public async Task Bad_bodies_are_problem_details_with_a_code_never_a_500()
    {
        await _host.IngestAsync(_takeaway, Order("o-9"));
        var tooMany = Enumerable.Range(0, 1_001).Select(i => $"o-{i}").ToArray();

        foreach (var path in new[] { Confirmations, Reversals })
        {
            await AssertRefusedAsync(path, "{}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":null}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":[]}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":\"o-9\"}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":[1,2]}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":[\"o-9\",\"\"]}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":[\"o-9\",\"   \"]}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, "{\"eventIds\":[\"o-9\",null]}", ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, PartnerHost.Json(new { eventIds = new[] { new string('x', 300) } }), ErrorCodes.BadRequest);
            await AssertRefusedAsync(path, PartnerHost.Json(new { eventIds = tooMany }), ErrorCodes.TooManyEvents);
            await AssertRefusedAsync(path, "not json", ErrorCodes.BadRequest);
        }

        Assert.Equal((0m, OrderCredits), await BalanceAndPendingAsync());
    }

    private async Task AssertRefusedAsync(string path, string body, string code) =>
        await PartnerHost.AssertProblemAsync(await _host.SendRawAsync(_takeaway.Code, _takeaway.Secret, HttpMethod.Post, path, body),
            HttpStatusCode.BadRequest, code);

    /// <summary>One run of the app's own lifecycle job (on its clock); how many pending events it confirmed.</summary>
    private async Task<long> ConfirmedByTheJobAsync()
    {
        var worker = _host.App.Services.GetServices<IHostedService>().OfType<LifecycleWorker>().Single();
        // The run the worker makes at start may still hold the lease; the next one then runs.
        for (var attempt = 0; ; attempt++)
        {
            var report = await worker.RunOnceAsync(CancellationToken.None);
            Assert.NotNull(report);
            if (report.Ran) return report.Steps.Single(s => s.Step == "pending events confirmed").Count;
            Assert.True(attempt < 50, "the lifecycle job's lease was never free");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// An administrator's freeze, as the account's columns record it. (The freeze itself is a mall administrator's
    /// action built elsewhere in this issue; here only its effect on settlements is tested.)
    /// </summary>
    private async Task FreezeTheCitizenAsync()
    {
        await using var db = _host.Store.CreateContext();
        var accountId = await db.PartnerLinks.Where(l => l.PartnerCode == _takeaway.Code).Select(l => l.AccountId).SingleAsync();
        await db.CarbonAccounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.FrozenAt, _clock.UtcNow).SetProperty(x => x.FrozenReason, "Suspected fraud"));
    }

    private async Task<(string, string, decimal)[]> SettleAsync(string path, string eventId, HttpPartner? partner = null)
    {
        var response = await _host.SendAsync(partner ?? _takeaway, HttpMethod.Post, path, new { eventIds = new[] { eventId } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ResultsAsync(response);
    }

    private static async Task<(string, string, decimal)[]> ResultsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
        .Select(r => (Text(r, "eventId")!, Text(r, "status")!, Number(r, "credits"))).ToArray();

    private async Task<(decimal Balance, decimal Pending)> BalanceAndPendingAsync()
    {
        var account = await _citizen.GetFromJsonAsync<JsonElement>("/api/me/account");
        return (Number(account, "balance"), Number(account, "pendingCredits"));
    }

    private async Task<JsonElement[]> LedgerAsync() =>
        (await _citizen.GetFromJsonAsync<JsonElement>("/api/me/ledger")).GetProperty("items").EnumerateArray().ToArray();

    private static string? Text(JsonElement element, string name) => element.GetProperty(name).GetString();

    private static decimal Number(JsonElement element, string name) => element.GetProperty(name).GetDecimal();
}

public sealed class PendingEventsApiTestsOnSqlite() : PendingEventsApiTests(SqliteTestStores.Instance);

public sealed class PendingEventsApiTestsOnPostgres(PostgresTestStores postgres) : PendingEventsApiTests(postgres), IClassFixture<PostgresTestStores>;
