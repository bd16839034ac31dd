using System.Globalization;
using CarbonHuitong.Core;
using CarbonHuitong.Web.Resources;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Web.Components.Shared;

public static class MoneyText
{
    public static string Yuan(Fen amount) => amount.ToString();

    /// <param name="validUntilUtc">The exclusive end a batch's "valid through" day is stored as; shown as that last day.</param>
    public static string Validity(int? validDays, DateTime? validUntilUtc)
    {
        var through = validUntilUtc is { } end ? LedgerText.Date(PlatformTime.LastChinaDayBefore(end)) : null;
        return (validDays, through) switch
        {
            ({ } days, not null) => Format("valid {0} days after redemption, through {1} at the latest", days, through),
            ({ } days, null) => Format("valid {0} days after redemption", days),
            (null, not null) => Format("valid through {0}", through),
            _ => "",
        };
    }

    private static string Format(string key, params object[] values) =>
        string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), values);
}
