using CarbonHuitong.Core;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>How a text entered in Chinese and English reads where markup cannot mark it (a page title, an alt text, a message).</summary>
public static class Bilingual
{
    /// <summary>The text in the reader's language, or the other one followed by its language: "2-yuan bus coupon（英文）".</summary>
    public static string Plain(BilingualText text) => Plain(text.ForReader());

    public static string Plain(LocalizedText shown) => shown.IsFallback
        ? string.Format(System.Globalization.CultureInfo.CurrentCulture, Localization.IsChinese ? "{0}（{1}）" : "{0} ({1})", shown.Text, LanguageName(shown))
        : shown.Text;

    /// <summary>"EN" on an English text, "中" on a Chinese one.</summary>
    public static string Chip(LocalizedText shown) => shown.Language == BilingualText.EnglishLanguage ? "EN" : "中";

    /// <summary>The shown text's language, named in the reader's: "in English" / "英文".</summary>
    public static string LanguageName(LocalizedText shown) =>
        CitizenText.Get(shown.Language == BilingualText.EnglishLanguage ? "in English" : "in Chinese");
}
