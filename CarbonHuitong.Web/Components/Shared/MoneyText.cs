using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Components.Shared;

public static class MoneyText
{
    public static string Yuan(Fen amount) => amount.ToString();

    public static string Validity(int? validDays, DateTime? validUntilUtc)
    {
        var until = validUntilUtc is { } end ? $"until {LedgerText.ChinaDate(end)}" : null;
        var days = validDays is { } d ? $"valid {d} days after redemption" : null;
        return (days, until) switch
        {
            (not null, not null) => $"{days}, at the latest {until}",
            (not null, null) => days,
            (null, not null) => $"valid {until}",
            _ => "",
        };
    }
}
