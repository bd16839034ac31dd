using System.Globalization;
using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Bilingual;

public sealed class BilingualTextTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    [Fact]
    public void A_text_in_both_languages_reads_in_the_readers_language()
    {
        var title = BilingualText.Require("2元公交券", "2-yuan bus coupon", "title", 120);

        Assert.Equal(new LocalizedText("2元公交券", "zh-CN", false), title.For(Chinese));
        Assert.Equal(new LocalizedText("2-yuan bus coupon", "en", false), title.For(English));
    }

    [Fact]
    public void A_text_in_one_language_falls_back_to_it_and_says_so()
    {
        var englishOnly = BilingualText.Require(null, "2-yuan bus coupon", "title", 120);
        var chineseOnly = BilingualText.Require("乘坐公交", " ", "name", 100);

        Assert.Equal(new LocalizedText("2-yuan bus coupon", "en", true), englishOnly.For(Chinese));
        Assert.Equal(new LocalizedText("乘坐公交", "zh-CN", true), chineseOnly.For(English));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "  ")]
    public void Neither_version_is_refused_with_text_required(string? zh, string? en)
    {
        var refused = Assert.Throws<DomainException>(() => BilingualText.Require(zh, en, "title", 120));

        Assert.Equal(ErrorCodes.TextRequired, refused.Code);
    }

    [Fact]
    public void A_version_longer_than_its_limit_is_refused()
    {
        Assert.Throws<DomainException>(() => BilingualText.Require("公交券", new string('a', 121), "title", 120));
    }

    [Theory]
    [InlineData("2元公交券", "2元公交券", "")]
    [InlineData("2-yuan bus coupon", "", "2-yuan bus coupon")]
    [InlineData("¥2 coupon（限重庆）", "¥2 coupon（限重庆）", "")]
    [InlineData("Ant Forest: 0.02 g/step", "", "Ant Forest: 0.02 g/step")]
    public void A_single_old_text_goes_to_Chinese_when_it_holds_a_CJK_character_and_to_English_otherwise(string text, string zh, string en)
    {
        var sorted = BilingualText.FromSingle(text);

        Assert.Equal((zh, en), (sorted.Zh, sorted.En));
    }
}
