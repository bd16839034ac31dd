using System.Text.Json;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using Microsoft.EntityFrameworkCore;

namespace CarbonHuitong.Benchmarks.Scenarios;

/// <summary>
/// Once per size, before the timing: every dashboard request answers 200 with what it should, and the district
/// table's total equals the platform's figures summed from the ledger itself (which the app never reads for them), its
/// shown rows and "other" add up to that total, and the closed loop counts the coupons the world bought and used.
/// </summary>
public static class GovernmentFigureChecks
{
    public static async Task CheckAsync(BenchClient client, BenchmarkWorld world, IReadOnlyList<(string Name, string Path)> requests, string label,
        int couponsBought, int couponsUsed, ScenarioReport report)
    {
        var bodies = new Dictionary<string, string>();
        foreach (var (name, path) in requests)
        {
            using var response = await client.GetAsync(path);
            var status = (int)response.StatusCode;
            if (status != 200)
            {
                report.Fail($"{label}: {path} answered {status}");
                if (status >= 500) report.ServerErrors++;
                continue;
            }
            bodies[name] = await response.Content.ReadAsStringAsync();
        }

        if (bodies.GetValueOrDefault(requests[0].Name) is { } districts) await CheckDistrictTotalsAsync(districts, world, label, report);
        foreach (var (name, _) in requests.Skip(1).Take(2))
            if (bodies.GetValueOrDefault(name) is { } table && JsonDocument.Parse(table).RootElement.GetArrayLength() != DistrictCatalogue.All.Count + 3)
                report.Fail($"{label}: {name} does not have a row per district, not given, other and total");
        if (bodies.GetValueOrDefault("districts.csv") is { } csv && !csv.StartsWith("Kind,DistrictCode,", StringComparison.Ordinal))
            report.Fail($"{label}: districts.csv does not start with its header");
        if (bodies.GetValueOrDefault("open-data.json") is { } open && JsonDocument.Parse(open).RootElement.GetProperty("months").GetArrayLength() != 12)
            report.Fail($"{label}: open-data.json does not hold the last 12 months");
        if (bodies.GetValueOrDefault("closed-loop") is { } loop) CheckClosedLoop(loop, label, couponsBought, couponsUsed, report);
        if (bodies.GetValueOrDefault("/government page") is { } page && !page.Contains("government/districts.csv", StringComparison.Ordinal))
            report.Fail($"{label}: the /government page came without its table");
    }

    private static async Task CheckDistrictTotalsAsync(string body, BenchmarkWorld world, string label, ScenarioReport report)
    {
        var rows = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        var total = rows.Single(r => r.GetProperty("kind").GetString() == "total");
        var period = MonthRange.LastTwelve(world.Clock.GetUtcNow().UtcDateTime);
        var (start, end) = (period.StartUtc, period.EndUtc);
        var ledger = await world.QueryAsync(async db =>
        {
            var earns = db.LedgerEntries.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.Earn && e.OccurredAt >= start && e.OccurredAt < end);
            return new
            {
                Citizens = await db.CarbonAccounts.LongCountAsync(a => a.OpenedAt < end && (a.ClosedAt == null || a.ClosedAt >= end)),
                Active = await earns.Select(e => e.AccountId).Distinct().LongCountAsync(),
                Milligrams = await earns.SumAsync(e => e.Milligrams),
                Hundredths = await earns.SumAsync(e => e.CreditHundredths),
                Used = await earns.LongCountAsync(e => e.CouponFaceValueFen != null),
                Redeemed = await db.LedgerEntries.LongCountAsync(e => e.Kind == LedgerEntryKind.Spend && e.OccurredAt >= start && e.OccurredAt < end),
            };
        });
        var expected = new Dictionary<string, decimal>
        {
            ["citizens"] = ledger.Citizens, ["activeCitizens"] = ledger.Active, ["gramsReduced"] = ledger.Milligrams / 1000m,
            ["credits"] = ledger.Hundredths / 100m, ["couponsRedeemed"] = ledger.Redeemed, ["couponsUsed"] = ledger.Used,
        };
        foreach (var (figure, value) in expected)
            if (total.GetProperty(figure) is not { ValueKind: JsonValueKind.Number } shown || shown.GetDecimal() != value)
                report.Fail($"{label}: the total's {figure} is {total.GetProperty(figure)}, the ledger says {value}");

        // The rows shown and "other" add up to the total: what is suppressed is folded, never lost.
        var parts = rows.Where(r => r.GetProperty("kind").GetString() != "total" && !r.GetProperty("suppressed").GetBoolean()).ToList();
        foreach (var figure in new[] { "gramsReduced", "credits", "couponsRedeemed", "couponsUsed" })
            if (parts.Sum(r => r.GetProperty(figure).GetDecimal()) != expected[figure])
                report.Fail($"{label}: the rows shown and other do not add up to the total's {figure}");
        report.Add($"{label}: district rows suppressed (default period)",
            rows.Count(r => r.GetProperty("kind").GetString() is "district" or "not_given" && r.GetProperty("suppressed").GetBoolean()));
    }

    private static void CheckClosedLoop(string body, string label, int couponsBought, int couponsUsed, ScenarioReport report)
    {
        var coupons = JsonDocument.Parse(body).RootElement.GetProperty("projects").EnumerateArray().Select(p => p.GetProperty("coupons")).ToList();
        var (redeemed, used) = (coupons.Sum(c => c.GetProperty("redeemed").GetInt32()), coupons.Sum(c => c.GetProperty("usedAtRides").GetInt32()));
        if (redeemed != couponsBought || used != couponsUsed)
            report.Fail($"{label}: the closed loop counts {redeemed} coupons redeemed and {used} used; the world bought {couponsBought} and used {couponsUsed}");
    }
}
