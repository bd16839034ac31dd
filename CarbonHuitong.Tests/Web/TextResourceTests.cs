using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Every piece of chrome exists in both languages: a key missing from a resx, or without its Chinese text, would show
/// English inside a Chinese page.
/// </summary>
public sealed partial class TextResourceTests
{
    public static TheoryData<string> Resources => new() { nameof(CitizenText), nameof(AdminText) };

    [Theory]
    [MemberData(nameof(Resources))]
    public void Every_english_text_has_a_chinese_one_and_no_chinese_text_is_left_over(string name)
    {
        var english = Keys(name, CultureInfo.InvariantCulture);
        var chinese = Keys(name, CultureInfo.GetCultureInfo("zh-CN"));

        Assert.NotEmpty(english);
        Assert.Empty(english.Except(chinese));
        Assert.Empty(chinese.Except(english));
    }

    [Fact]
    public void Every_text_a_component_asks_for_by_its_literal_key_is_in_the_resx_it_reads()
    {
        var sources = Path.Combine(RepositoryRoot(), "CarbonHuitong.Web", "Components");
        var known = new Dictionary<string, HashSet<string>>
        {
            [nameof(CitizenText)] = Keys(nameof(CitizenText), CultureInfo.InvariantCulture),
            [nameof(AdminText)] = Keys(nameof(AdminText), CultureInfo.InvariantCulture),
        };
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(sources, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".razor") || f.EndsWith(".cs")))
        {
            var text = File.ReadAllText(file);
            var injected = InjectedLocalizer().Match(text) is { Success: true } inject ? inject.Groups[1].Value : null;
            var wanted = LocalizerKey().Matches(text).Select(m => (Resource: injected, Key: m.Groups[1].Value))
                .Concat(StaticKey().Matches(text).Select(m => (Resource: (string?)m.Groups[1].Value, Key: m.Groups[2].Value)));
            missing.AddRange(wanted.Where(w => w.Resource is not null && !known[w.Resource].Contains(Regex.Unescape(w.Key)))
                .Select(w => $"{Path.GetFileName(file)}: {w.Resource} has no \"{w.Key}\""));
        }

        Assert.Empty(missing);
    }

    private static HashSet<string> Keys(string resource, CultureInfo culture) =>
        new ResourceManager($"CarbonHuitong.Web.Resources.{resource}", typeof(CitizenText).Assembly)
            .GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().Select(e => (string)e.Key).ToHashSet(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "CarbonHuitong.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No CarbonHuitong.sln above {AppContext.BaseDirectory}: the test reads the components' sources.");
    }

    [GeneratedRegex(@"IStringLocalizer<(CitizenText|AdminText)>")]
    private static partial Regex InjectedLocalizer();

    [GeneratedRegex(@"\bT\[\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"\b(CitizenText|AdminText)\.Get\(\s*""((?:[^""\\]|\\.)*)""")]
    private static partial Regex StaticKey();
}
