namespace CarbonHuitong.Web.Components.Shared;

/// <summary>The brand's look where more than one place needs it: the theme, the browser's bar, the installed app.</summary>
public static class Brand
{
    /// <summary>The app bar's green, dark enough for white text at WCAG AA.</summary>
    public const string Colour = "#146c3f";

    public const string Background = "#ffffff";
}
