using System.Net;
using System.Text;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using CarbonHuitong.PartnerExample;
using CarbonHuitong.Tests.Support;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The partner example (examples/CarbonHuitong.PartnerExample), as a partner's developer would copy it, driven against
/// the real app: its signature is the platform's, and its sample run links a citizen, is credited, and reads back
/// the reconciliation; a second run is answered as duplicates.
/// </summary>
public sealed class PartnerExampleTests : IAsyncLifetime
{
    private PartnerHost _host = null!;

    public async Task InitializeAsync() => _host = await PartnerHost.StartAsync(SqliteTestStores.Instance);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/api/partners/events", "{\"events\":[{\"eventId\":\"绿色出行-1\"}]}")]
    [InlineData("GET", "/api/partners/reconciliation?date=2026-12-01", "")]
    [InlineData("post", "/api/partners/links", "{\"linkCode\":\"ABCD-EFGH\",\"partnerUserId\":\"u 1\"}")]
    public void The_examples_signature_is_the_platforms_reference_signature(string method, string pathAndQuery, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);

        Assert.Equal(PartnerSignatures.Sign("ps_secret-of-the-partner", "1764633600", method, pathAndQuery, bytes),
            PartnerClient.Sign("ps_secret-of-the-partner", "1764633600", method, pathAndQuery, bytes));
    }

    [Fact]
    public async Task The_sample_run_links_a_citizen_sends_a_batch_and_reads_the_reconciliation_and_a_second_run_is_duplicates()
    {
        var partner = await _host.RegisterPartnerAsync(behaviours: [Methodology.MetroRide]);
        var citizen = await _host.CitizenAsync();
        var linkCode = await PartnerHost.LinkCodeAsync(citizen, partner);
        var client = new PartnerClient(_host.CreateClient(), partner.Code, partner.Secret);
        var clock = new TestClock(NoonOfALastChinaDay());

        var first = new StringWriter();
        await SampleBatch.RunAsync(client, "u-example", Methodology.MetroRide, linkCode, first, clock);
        var second = new StringWriter();
        await SampleBatch.RunAsync(client, "u-example", Methodology.MetroRide, linkCode, second, clock);

        var metroCredits = Core.Ledger.Credits.RoundFrom(Methodology.CreditsForReduction(515.5m).Value).Value;
        var ids = SampleBatch.Events("u-example", Methodology.MetroRide, clock.GetUtcNow()).Select(e => e.EventId).ToList();
        Assert.Equal(
            [
                "Linked u-example.",
                .. ids.Select(id => $"{id}: accepted, {metroCredits:0.00} credits, 515.500 g"),
                "",
                $"Reconciliation for {PlatformTime.ChinaDateOf(clock.UtcNow):yyyy-MM-dd} (China time):",
                "eventId,status,code,credits,grams",
                .. ids.AsEnumerable().Reverse().Select(id => $"{id},accepted,,{metroCredits:0.00},515.500"),
            ],
            Lines(first));
        Assert.Equal("u-example was already linked with this code.", Lines(second)[0]);
        Assert.All(Lines(second).Skip(1).Take(3), line => Assert.Contains(": duplicate, ", line));
        var account = JsonDocument.Parse(await citizen.GetStringAsync("/api/me/account")).RootElement;
        Assert.Equal(3 * metroCredits, account.GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task The_client_sends_orders_as_pending_then_confirms_one_and_reverses_another_and_a_reversal_after_confirming_is_refused()
    {
        var partner = await _host.RegisterPartnerAsync(behaviours: [Methodology.TakeawayWithoutUtensils]);
        var citizen = await _host.CitizenAsync();
        var client = new PartnerClient(_host.CreateClient(), partner.Code, partner.Secret);
        await client.RedeemLinkCodeAsync(await PartnerHost.LinkCodeAsync(citizen, partner), "u-orders");
        var orderedAt = DateTimeOffset.UtcNow.AddMinutes(-30);

        var sent = await client.SendEventsAsync([
            new CarbonHuitong.PartnerExample.PartnerEvent("order-1", "u-orders", Methodology.TakeawayWithoutUtensils, 1, orderedAt, Pending: true),
            new CarbonHuitong.PartnerExample.PartnerEvent("order-2", "u-orders", Methodology.TakeawayWithoutUtensils, 1, orderedAt, Pending: true),
            new CarbonHuitong.PartnerExample.PartnerEvent("order-3", "u-orders", Methodology.TakeawayWithoutUtensils, 1, orderedAt)]);
        var confirmed = await client.ConfirmAsync(["order-1", "order-3", "order-9"]);
        var reversed = await client.ReverseAsync(["order-2", "order-1"]);

        var orderCredits = Methodology.CreditsForReduction(45.72m).Value;
        Assert.Equal([true, true, false], sent.Select(r => r.Pending));
        Assert.Equal(
            [new SettlementResult("order-1", "confirmed", orderCredits), new SettlementResult("order-3", "not_pending", orderCredits),
                new SettlementResult("order-9", "unknown_event", 0m)],
            confirmed);
        Assert.Equal([new SettlementResult("order-2", "reversed", orderCredits), new SettlementResult("order-1", "already_confirmed", orderCredits)],
            reversed);
        Assert.Equal(reversed, await client.ReverseAsync(["order-2", "order-1"]));
        var account = JsonDocument.Parse(await citizen.GetStringAsync("/api/me/account")).RootElement;
        Assert.Equal((2 * orderCredits, 0m), (account.GetProperty("balance").GetDecimal(), account.GetProperty("pendingCredits").GetDecimal()));
    }

    [Fact]
    public async Task A_refused_call_is_a_partner_api_exception_with_the_status_and_the_code()
    {
        var partner = await _host.RegisterPartnerAsync();
        var wrongSecret = new PartnerClient(_host.CreateClient(), partner.Code, "ps_not-the-right-secret");
        var client = new PartnerClient(_host.CreateClient(), partner.Code, partner.Secret);

        var unsigned = await Assert.ThrowsAsync<PartnerApiException>(() => wrongSecret.GetReconciliationAsync(new DateOnly(2026, 12, 1)));
        var tooMany = await Assert.ThrowsAsync<PartnerApiException>(() => client.SendEventsAsync(Enumerable.Range(0, PartnerClient.MaxEventsPerCall + 1)
            .Select(i => new CarbonHuitong.PartnerExample.PartnerEvent($"e-{i}", "u", Methodology.MetroRide, 1, DateTimeOffset.UtcNow)).ToList()));
        var unknownCode = await Assert.ThrowsAsync<PartnerApiException>(() => client.RedeemLinkCodeAsync("ZZZZ-ZZZZ", "u"));
        var noIds = await Assert.ThrowsAsync<PartnerApiException>(() => client.ConfirmAsync([]));

        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCodes.InvalidSignature), (unsigned.Status, unsigned.Code));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.TooManyEvents), (tooMany.Status, tooMany.Code));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.InvalidLinkCode), (unknownCode.Status, unknownCode.Code));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.BadRequest), (noIds.Status, noIds.Code));
        Assert.Equal(PartnerFeed.MaxEventsPerCall, PartnerClient.MaxEventsPerCall);
    }

    /// <summary>Noon China time of today, or of yesterday before noon: the sample's events, an hour before it, all fall on that day.</summary>
    private static DateTimeOffset NoonOfALastChinaDay()
    {
        var noon = PlatformTime.ChinaDateToUtc(PlatformTime.ChinaToday(TimeProvider.System)).AddHours(12);
        return new DateTimeOffset(noon > DateTime.UtcNow ? noon.AddDays(-1) : noon, TimeSpan.Zero);
    }

    private static string[] Lines(StringWriter output) => output.ToString().Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
