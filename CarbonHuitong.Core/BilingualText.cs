using System.Globalization;

namespace CarbonHuitong.Core;

/// <summary>A text in the reader's language, and whether it is the other language because the reader's was not given.</summary>
/// <param name="Language">"zh-CN" or "en": the language <paramref name="Text"/> is written in.</param>
public readonly record struct LocalizedText(string Text, string Language, bool IsFallback)
{
    public override string ToString() => Text;
}

/// <summary>
/// A text that an owner or administrator enters for citizens to read, in simplified Chinese and in English. Either
/// may be empty, never both for a required text; a reader of the missing language is shown the other one.
/// </summary>
public sealed record BilingualText
{
    public const string ChineseLanguage = "zh-CN";
    public const string EnglishLanguage = "en";

    public static readonly BilingualText Empty = new();

    private BilingualText() { }

    /// <summary>The text in simplified Chinese, or "" when it was given only in English.</summary>
    public string Zh { get; private init; } = "";

    /// <summary>The text in English, or "" when it was given only in Chinese.</summary>
    public string En { get; private init; } = "";

    public bool IsEmpty => Zh.Length == 0 && En.Length == 0;

    /// <summary>Both versions as given, trimmed, not yet checked: the entity that keeps them checks them.</summary>
    public static BilingualText Of(string? zh, string? en) => new() { Zh = zh?.Trim() ?? "", En = en?.Trim() ?? "" };

    /// <summary>Both versions, trimmed; at least one is required (<see cref="ErrorCodes.TextRequired"/>).</summary>
    /// <param name="what">What the text is, for the message: "title".</param>
    public static BilingualText Require(string? zh, string? en, string what, int maxLength)
    {
        var text = Optional(zh, en, what, maxLength);
        if (text.IsEmpty) throw new DomainException(ErrorCodes.TextRequired, $"Give the {what} in Chinese, English or both.");
        return text;
    }

    /// <summary>Both versions, trimmed; both may be empty.</summary>
    public static BilingualText Optional(string? zh, string? en, string what, int maxLength) => new()
    {
        Zh = DomainText.Optional(zh, $"Chinese {what}", maxLength) ?? "",
        En = DomainText.Optional(en, $"English {what}", maxLength) ?? "",
    };

    /// <summary>One text whose language is not known: Chinese if it holds a CJK character, English otherwise (as the migration sorts old texts).</summary>
    public static BilingualText FromSingle(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Empty
        : ContainsCjk(text) ? new BilingualText { Zh = text.Trim() }
        : new BilingualText { En = text.Trim() };

    /// <summary>The text for a reader of <paramref name="culture"/> (Chinese for any zh culture, English otherwise), else the other version.</summary>
    public LocalizedText For(CultureInfo culture)
    {
        var chinese = culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        var (mine, myLanguage, other, otherLanguage) = chinese
            ? (Zh, ChineseLanguage, En, EnglishLanguage)
            : (En, EnglishLanguage, Zh, ChineseLanguage);
        return mine.Length > 0 || other.Length == 0
            ? new LocalizedText(mine, myLanguage, false)
            : new LocalizedText(other, otherLanguage, true);
    }

    /// <summary>For the reader of the current UI culture.</summary>
    public LocalizedText ForReader() => For(CultureInfo.CurrentUICulture);

    /// <summary>CJK ideographs, CJK punctuation and full-width forms: the ranges the migrations test in SQL too.</summary>
    public static bool ContainsCjk(string text) => text.Any(c => c is >= '\u3000' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF');

    public override string ToString() => Zh.Length > 0 && En.Length > 0 ? $"{Zh} / {En}" : Zh + En;
}
