using System.Globalization;
using CarbonHuitong.Core.Government;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Web.Components.Shared;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Pages.Government;

/// <summary>One line of the closed-loop table: a project's totals, or one of its batches beneath it.</summary>
public sealed record ClosedLoopLine(ClosedLoopProject Project, ClosedLoopBatch? Batch)
{
    public ClosedLoopCoupons Coupons => Batch?.Coupons ?? Project.Coupons;
    public ClosedLoopRewards Rewards => Batch?.Rewards ?? Project.Rewards;
}

/// <param name="Header">The column's heading, a key of AdminText.</param>
/// <param name="CsvName">The CSV's column name, stable for scripts.</param>
/// <param name="Shown">The cell as the page shows it, in the reader's culture.</param>
/// <param name="Exported">The same figure in the CSV: plain invariant numbers, money in yuan with two decimals, CO2e in kg to the gram.</param>
public sealed record ClosedLoopColumn(string Header, string CsvName, Func<ClosedLoopLine, string> Shown, Func<ClosedLoopLine, string> Exported, bool Numeric = true);

/// <summary>
/// The closed-loop table, column by column, so the page and <c>/government/closed-loop.csv</c> show exactly the same
/// lines and figures: each project, then each of its batches.
/// </summary>
public static class ClosedLoopTable
{
    public static IReadOnlyList<ClosedLoopLine> Lines(ClosedLoop report) =>
        report.Projects.SelectMany(p => new[] { new ClosedLoopLine(p, null) }.Concat(p.Batches.Select(b => new ClosedLoopLine(p, b)))).ToList();

    public static readonly IReadOnlyList<ClosedLoopColumn> Columns =
    [
        new("Project", "Project", l => l.Project.Name, l => l.Project.Name, Numeric: false),
        new("Organization", "Organization", l => l.Project.Organization, l => l.Project.Organization, Numeric: false),
        new("Batch", "Batch", l => l.Batch is { } b ? Batch(b) : AdminText.Get("All batches"), l => l.Batch?.BatchId.ToString(Invariant) ?? "", Numeric: false),
        new("Coupon face value", "FaceValueYuan", l => l.Batch is { } b ? MoneyText.Yuan(b.FaceValue) : "", l => l.Batch is { } b ? Yuan(b.FaceValue) : ""),
        new("Coupon price (credits)", "PriceCredits", l => l.Batch is { } b ? Number(b.Price.Value, "#,0.00") : "", l => l.Batch?.Price.ToString() ?? ""),
        new("Issued (t)", "TonnesIssued", l => ProjectOnly(l, p => Number(p.TonnesIssued, "#,0")), l => ProjectOnly(l, p => Plain(p.TonnesIssued))),
        new("Sold (t)", "TonnesSold", l => ProjectOnly(l, p => Number(p.TonnesSold, "#,0")), l => ProjectOnly(l, p => Plain(p.TonnesSold))),
        new("Revenue", "RevenueYuan", l => ProjectOnly(l, p => MoneyText.Yuan(p.Revenue)), l => ProjectOnly(l, p => Yuan(p.Revenue))),
        new("Average price per tonne sold", "AveragePricePerTonneYuan", l => ProjectOnly(l, p => Money(p.AveragePricePerTonne)),
            l => ProjectOnly(l, p => Yuan(p.AveragePricePerTonne))),
        new("Funded into coupons", "FundedYuan", l => MoneyText.Yuan(l.Coupons.FundedValue), l => Yuan(l.Coupons.FundedValue)),
        new("Coupons funded", "CouponsFunded", l => Number(l.Coupons.Funded, "#,0"), l => Plain(l.Coupons.Funded)),
        new("Coupons redeemed", "CouponsRedeemed", l => Number(l.Coupons.Redeemed, "#,0"), l => Plain(l.Coupons.Redeemed)),
        new("Coupons used at rides", "CouponsUsedAtRides", l => Number(l.Coupons.UsedAtRides, "#,0"), l => Plain(l.Coupons.UsedAtRides)),
        new("Coupons expired unused", "CouponsExpired", l => Number(l.Coupons.Expired, "#,0"), l => Plain(l.Coupons.Expired)),
        new("CO₂e of the rides coupons paid (kg)", "RideCo2eKg", l => Kilograms(l.Coupons.RideReduction, "#,0.000"), l => Kilograms(l.Coupons.RideReduction, "0.000")),
        new("Citizens' reductions rewarded so far (kg)", "RewardedSoFarKg", l => Kilograms(l.Rewards.SoFar, "#,0.000"), l => Kilograms(l.Rewards.SoFar, "0.000")),
        new("Citizens' reductions rewarded when all are redeemed (kg)", "RewardedWhenAllRedeemedKg", l => Kilograms(l.Rewards.WhenAllRedeemed, "#,0.000"),
            l => Kilograms(l.Rewards.WhenAllRedeemed, "0.000")),
        new("Coupon value per tonne of citizens' reductions", "CouponValuePerTonneYuan", l => Money(l.Rewards.CouponValuePerTonne), l => Yuan(l.Rewards.CouponValuePerTonne)),
        new("Citizens' tonnes rewarded per tonne sold, so far", "TonnesRewardedPerTonneSold", l => ProjectOnly(l, p => Ratio(p.TonnesRewardedPerTonneSold)),
            l => ProjectOnly(l, p => Ratio(p.TonnesRewardedPerTonneSold))),
        new("Citizens' tonnes rewarded per tonne sold, when all are redeemed", "TonnesRewardedPerTonneSoldWhenAllRedeemed",
            l => ProjectOnly(l, p => Ratio(p.TonnesRewardedPerTonneSoldWhenAllRedeemed)), l => ProjectOnly(l, p => Ratio(p.TonnesRewardedPerTonneSoldWhenAllRedeemed))),
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static string Batch(ClosedLoopBatch batch) =>
        $"#{batch.BatchId} · {AdminWording.Status(batch.Status)}";

    private static string ProjectOnly(ClosedLoopLine line, Func<ClosedLoopProject, string> cell) => line.Batch is null ? cell(line.Project) : "";

    private static string Money(Fen? amount) => amount is { } fen ? MoneyText.Yuan(fen) : "—";

    private static string Yuan(Fen? amount) => amount is { } fen ? fen.Yuan.ToString("0.00", Invariant) : "";

    private static string Number(decimal value, string format) => value.ToString(format, CultureInfo.CurrentCulture);

    private static string Plain(long value) => value.ToString(Invariant);

    // To the gram, rounded half away from zero from the exact milligrams.
    private static string Kilograms(CarbonMass mass, string format) =>
        decimal.Round(mass.Milligrams / 1_000_000m, 3, MidpointRounding.AwayFromZero).ToString(format, format.Contains(',') ? CultureInfo.CurrentCulture : Invariant);

    private static string Ratio(decimal? ratio) => ratio is { } value ? value.ToString("0.000000000", Invariant) : "";
}
