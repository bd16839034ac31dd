using System.Globalization;

namespace CarbonHuitong.PartnerExample;

/// <summary>What the example does: optionally redeem a citizen's link code, send a small batch, read today's reconciliation.</summary>
public static class SampleBatch
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>
    /// Three events of <paramref name="behaviourCode"/> for <paramref name="partnerUserId"/> within the last hour. Their ids
    /// are the same all day, so running the example twice shows the second batch answered <c>duplicate</c>.
    /// </summary>
    public static IReadOnlyList<PartnerEvent> Events(string partnerUserId, string behaviourCode, DateTimeOffset now) =>
        Enumerable.Range(1, 3).Select(n => new PartnerEvent(
            $"example-{partnerUserId}-{ChinaDay(now):yyyyMMdd}-{n}", partnerUserId, behaviourCode, 1m, now.AddMinutes(-20 * n))).ToList();

    public static async Task RunAsync(PartnerClient client, string partnerUserId, string behaviourCode, string? linkCode, TextWriter output,
        TimeProvider? clock = null, CancellationToken ct = default)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        if (linkCode is not null)
        {
            var created = await client.RedeemLinkCodeAsync(linkCode, partnerUserId, ct);
            output.WriteLine(created ? $"Linked {partnerUserId}." : $"{partnerUserId} was already linked with this code.");
        }

        var results = await client.SendEventsAsync(Events(partnerUserId, behaviourCode, now), ct);
        foreach (var result in results)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.EventId}: {result.Status}{(result.Code is null ? "" : " (" + result.Code + ")")}{(result.Credits is { } credits ? $", {credits} credits, {result.Grams} g" : "")}"));

        output.WriteLine();
        output.WriteLine($"Reconciliation for {ChinaDay(now):yyyy-MM-dd} (China time):");
        output.Write(await client.GetReconciliationAsync(ChinaDay(now), ct));
    }

    private static DateOnly ChinaDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(ChinaOffset).DateTime);
}
