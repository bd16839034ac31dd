using System.Globalization;

namespace CarbonHuitong.Core.Government;

/// <summary>
/// A district or county of Chongqing, by its GB/T 2260 administrative division code: 5001xx are districts (区),
/// 5002xx counties (县). A citizen may name theirs for statistics only (<see cref="CitizenDistricts"/>).
/// </summary>
public sealed class District
{
    public const int CodeLength = 6;
    public const int MaxNameLength = 64;

    private District() { }

    internal District(string code, string nameZh, string nameEn)
    {
        Code = code;
        NameZh = nameZh;
        NameEn = nameEn;
        IsCounty = code.StartsWith("5002", StringComparison.Ordinal);
    }

    public string Code { get; private set; } = "";
    public string NameZh { get; private set; } = "";
    public string NameEn { get; private set; } = "";
    public bool IsCounty { get; private set; }

    public string NameIn(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName.Equals("zh", StringComparison.OrdinalIgnoreCase) ? NameZh : NameEn;
}

/// <summary>The 38 divisions of Chongqing (GB/T 2260, as of the 2016 reform: 26 districts and 12 counties), in code order.</summary>
public static class DistrictCatalogue
{
    public static IReadOnlyList<District> All { get; } =
    [
        new("500101", "万州区", "Wanzhou District"),
        new("500102", "涪陵区", "Fuling District"),
        new("500103", "渝中区", "Yuzhong District"),
        new("500104", "大渡口区", "Dadukou District"),
        new("500105", "江北区", "Jiangbei District"),
        new("500106", "沙坪坝区", "Shapingba District"),
        new("500107", "九龙坡区", "Jiulongpo District"),
        new("500108", "南岸区", "Nan'an District"),
        new("500109", "北碚区", "Beibei District"),
        new("500110", "綦江区", "Qijiang District"),
        new("500111", "大足区", "Dazu District"),
        new("500112", "渝北区", "Yubei District"),
        new("500113", "巴南区", "Banan District"),
        new("500114", "黔江区", "Qianjiang District"),
        new("500115", "长寿区", "Changshou District"),
        new("500116", "江津区", "Jiangjin District"),
        new("500117", "合川区", "Hechuan District"),
        new("500118", "永川区", "Yongchuan District"),
        new("500119", "南川区", "Nanchuan District"),
        new("500120", "璧山区", "Bishan District"),
        new("500151", "铜梁区", "Tongliang District"),
        new("500152", "潼南区", "Tongnan District"),
        new("500153", "荣昌区", "Rongchang District"),
        new("500154", "开州区", "Kaizhou District"),
        new("500155", "梁平区", "Liangping District"),
        new("500156", "武隆区", "Wulong District"),
        new("500229", "城口县", "Chengkou County"),
        new("500230", "丰都县", "Fengdu County"),
        new("500231", "垫江县", "Dianjiang County"),
        new("500233", "忠县", "Zhong County"),
        new("500235", "云阳县", "Yunyang County"),
        new("500236", "奉节县", "Fengjie County"),
        new("500237", "巫山县", "Wushan County"),
        new("500238", "巫溪县", "Wuxi County"),
        new("500240", "石柱土家族自治县", "Shizhu Tujia Autonomous County"),
        new("500241", "秀山土家族苗族自治县", "Xiushan Tujia and Miao Autonomous County"),
        new("500242", "酉阳土家族苗族自治县", "Youyang Tujia and Miao Autonomous County"),
        new("500243", "彭水苗族土家族自治县", "Pengshui Miao and Tujia Autonomous County"),
    ];

    private static readonly Dictionary<string, District> ByCode = All.ToDictionary(d => d.Code, StringComparer.Ordinal);

    /// <returns>The division with this code, or null for a code that is not one of Chongqing's.</returns>
    public static District? Find(string? code) => code is not null && ByCode.TryGetValue(code, out var district) ? district : null;
}
