using System.Globalization;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

public static class MoneyText
{
    public static string Yuan(Fen amount) => amount.ToString();

    public static string Validity(int? validDays, DateTime? validUntilUtc)
    {
        var until = validUntilUtc is { } end ? LedgerText.ChinaDate(end) : null;
        return (validDays, until) switch
        {
            ({ } days, not null) => Format("valid {0} days after redemption, at the latest until {1}", days, until),
            ({ } days, null) => Format("valid {0} days after redemption", days),
            (null, not null) => Format("valid until {0}", until),
            _ => "",
        };
    }

    private static string Format(string key, params object[] values) =>
        string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), values);
}
