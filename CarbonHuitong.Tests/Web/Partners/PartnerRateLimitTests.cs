using System.Diagnostics;
using System.Net;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The shipped partner limit, 50 calls a second: counted per partner whose signature matched, so one busy partner
/// never holds up another, and per client address for calls whose signature failed, so naming a new
/// <c>X-Partner-Id</c> at every call buys no fresh allowance. TestServer gives every client the same address.
/// </summary>
public sealed class PartnerRateLimitTests : IAsyncLifetime
{
    private const int Limit = 50;
    private const string Reconciliation = "/api/partners/reconciliation?date=2026-01-01";
    private PartnerHost _host = null!;

    public async Task InitializeAsync() => _host = await PartnerHost.StartAsync(SqliteTestStores.Instance);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_partner_past_fifty_calls_a_second_gets_429_rate_limited_and_another_partner_is_not_held_up()
    {
        var busy = await _host.RegisterPartnerAsync();
        var quiet = await _host.RegisterPartnerAsync();

        var (answers, windows) = await BurstAsync(() => _host.SendAsync(busy, HttpMethod.Get, Reconciliation));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers.Except(refused), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.InRange(answers.Length - refused.Count, Limit, Limit * windows);
        await PartnerHost.AssertProblemAsync(refused[0], HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.InRange(refused[0].Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(quiet, HttpMethod.Get, Reconciliation)).StatusCode);
    }

    [Fact]
    public async Task Calls_with_a_new_partner_id_each_time_and_no_valid_signature_are_limited_per_address_not_per_id()
    {
        var genuine = await _host.RegisterPartnerAsync();

        var (answers, windows) = await BurstAsync(() => _host.SendRawAsync($"guess-{Guid.NewGuid():N}"[..20], "not-the-secret-at-all",
            HttpMethod.Get, Reconciliation, ""));

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers.Except(refused), a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.InRange(answers.Length - refused.Count, Limit, Limit * windows);
        await PartnerHost.AssertProblemAsync(refused[0], HttpStatusCode.TooManyRequests, "rate_limited");
        // A partner whose signature matches is counted as itself, from the same address.
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(genuine, HttpMethod.Get, Reconciliation)).StatusCode);
    }

    [Fact]
    public async Task Calls_naming_a_real_partner_without_its_secret_do_not_spend_that_partners_allowance()
    {
        var victim = await _host.RegisterPartnerAsync();

        var (answers, _) = await BurstAsync(() => _host.SendRawAsync(victim.Code, "someone-elses-guess", HttpMethod.Get, Reconciliation, ""));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await _host.SendAsync(victim, HttpMethod.Get, Reconciliation)).StatusCode);
    }

    /// <summary>Four times the limit at once, and how many fixed windows the burst may have spanned.</summary>
    private static async Task<(HttpResponseMessage[] Answers, int Windows)> BurstAsync(Func<Task<HttpResponseMessage>> call)
    {
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4 * Limit).Select(_ => call()));
        return (answers, (int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1);
    }
}
