using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CarbonHuitong.Web.Resources;

/// <summary>
/// Chinese for MudBlazor's own labels (pager buttons, "Loading…", date-picker buttons) from MudComponentText.zh-CN.resx;
/// English keeps MudBlazor's built-in wording, which is why the neutral resx is empty.
/// </summary>
public sealed class MudComponentText : MudLocalizer
{
    private static readonly ResourceManager Resources = new(typeof(MudComponentText));

    public override LocalizedString this[string key]
    {
        get
        {
            var translated = Resources.GetString(key, CultureInfo.CurrentUICulture);
            return string.IsNullOrEmpty(translated) ? base[key] : new LocalizedString(key, translated);
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var translated = Resources.GetString(key, CultureInfo.CurrentUICulture);
            return string.IsNullOrEmpty(translated)
                ? base[key, arguments]
                : new LocalizedString(key, string.Format(CultureInfo.CurrentCulture, translated, arguments));
        }
    }
}
