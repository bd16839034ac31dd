using System.Resources;

namespace CarbonHuitong.Web.Resources;

/// <summary>
/// The citizen-facing text (ledger, mall, coupons, ride code, sign-in, layout), in CitizenText.resx (English) and
/// CitizenText.zh-CN.resx. Keys are the English text, so a missing translation still reads.
/// </summary>
public sealed class CitizenText
{
    private static readonly ResourceManager Resources = new(typeof(CitizenText));

    /// <summary>For code that has no injected localizer (static formatting helpers).</summary>
    public static string Get(string key) => Resources.GetString(key) ?? key;
}

/// <summary>The administration area's text, in AdminText.resx and AdminText.zh-CN.resx.</summary>
public sealed class AdminText
{
    private static readonly ResourceManager Resources = new(typeof(AdminText));

    public static string Get(string key) => Resources.GetString(key) ?? key;

    /// <summary>In a given language, not the reader's: a suggestion for a text asked for in both.</summary>
    public static string Get(string key, System.Globalization.CultureInfo culture) => Resources.GetString(key, culture) ?? key;
}

/// <summary>What a refusal says, by its stable code, in ErrorText.resx and ErrorText.zh-CN.resx.</summary>
public sealed class ErrorText
{
    private static readonly ResourceManager Resources = new(typeof(ErrorText));

    public static string? Find(string key) => Resources.GetString(key);

    /// <summary>The refusal in the current culture; the domain's own sentence where no translation exists.</summary>
    public static string For(Core.DomainException refusal) => Find(refusal.Code) ?? refusal.Message;
}
