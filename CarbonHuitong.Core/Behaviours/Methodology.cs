using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Core.Behaviours;

/// <summary>The published figures the platform starts with.</summary>
public static class Methodology
{
    public const string BusRide = "bus_ride";
    public const string MetroRide = "metro_ride";
    public const string SharedBicycle = "shared_bicycle";
    public const string Walking = "walking";
    public const string TakeawayWithoutUtensils = "takeaway_no_utensils";
    public const string ElectronicWaybill = "electronic_waybill";

    // 1.1 credits for about 120 g per bus ride: Chongqing "Carbon Huitong", China Environment News, 15 May 2024.
    public const decimal BusRideGrams = 120m;
    public const decimal BusRideCredits = 1.1m;

    // Ant Forest credits walking up to 296 g of "green energy" a day; the demo world's cap follows it.
    public const decimal WalkingDailyCapGrams = 296m;

    // A transit ride or a bicycle trip reported by two apps within 3 minutes is one trip.
    public const int TripWindowMinutes = 3;

    /// <summary>Behaviours without a published credit rate earn at the bus ride's ratio, rounded to 0.01.</summary>
    public static Credits CreditsForReduction(decimal gramsPerUnit) =>
        Credits.RoundFrom(gramsPerUnit * BusRideCredits / BusRideGrams);

    public static IReadOnlyList<GreenBehaviour> Published() =>
    [
        GreenBehaviour.Define(BusRide, BilingualText.Of("乘坐公交", "Bus ride"), BehaviourCategory.Transport, BehaviourUnit.Ride,
            BusRideGrams, BusRideCredits,
            BilingualText.Of("重庆“碳惠通”平台，《中国环境报》（2024-05-15）：每次公交出行约减排 120 克二氧化碳当量，获 1.1 积分",
                "Chongqing Carbon Huitong platform, China Environment News (2024-05-15): about 120 g CO2e and 1.1 credits per bus ride"), 10,
            duplicateWindowMinutes: TripWindowMinutes),
        // 515.5 g per ride: Huang Ying et al., "Study on Carbon Emission Reduction Calculation of Subway Travel:
        // Take Guangzhou as an Example", Climate Change Research 13(3):284-291, 2017 (mean method, 0.5155 kg CO2 per trip).
        GreenBehaviour.Define(MetroRide, BilingualText.Of("乘坐地铁", "Metro ride"), BehaviourCategory.Transport, BehaviourUnit.Ride,
            515.5m, null,
            BilingualText.Of("黄莹等，《气候变化研究进展》13(3)，2017：广州地铁每人次出行减排 0.5155 千克二氧化碳（均值法）",
                "Huang Ying et al., Climate Change Research 13(3), 2017: 0.5155 kg CO2 per Guangzhou metro trip (mean method)"), 20,
            duplicateWindowMinutes: TripWindowMinutes),
        // 250 g per km: Beijing personal carbon ledger, Beijing Municipal Commission of Development and Reform, 2023.
        GreenBehaviour.Define(SharedBicycle, BilingualText.Of("共享单车骑行", "Shared bicycle"), BehaviourCategory.Transport, BehaviourUnit.Kilometre,
            250m, null,
            BilingualText.Of("北京个人碳账本，2023 北京绿色生活季：每公里 250 克",
                "Beijing personal carbon ledger, Beijing Green Life Season 2023: 250 g per km"), 30,
            duplicateWindowMinutes: TripWindowMinutes),
        // 0.02 g per step: Hubei Emission Exchange "碳碳星球" (Wuhan), Hubei Daily, 2022-02-17; 20 g per 1,000 steps.
        GreenBehaviour.Define(Walking, BilingualText.Of("步行", "Walking"), BehaviourCategory.Transport, BehaviourUnit.ThousandSteps,
            20m, null,
            BilingualText.Of("湖北碳排放权交易中心“碳碳星球”，《湖北日报》（2022-02-17）：每步 0.02 克",
                "Hubei Emission Exchange \"Tantan Planet\", Hubei Daily (2022-02-17): 0.02 g per step"), 40,
            dailyCapGrams: WalkingDailyCapGrams),
        GreenBehaviour.Define(TakeawayWithoutUtensils, BilingualText.Of("外卖不要餐具", "Takeaway without utensils"), BehaviourCategory.Food, BehaviourUnit.Order,
            45.72m, null,
            BilingualText.Of("北京个人碳账本，2023 北京绿色生活季：每单 45.72 克",
                "Beijing personal carbon ledger, Beijing Green Life Season 2023: 45.72 g per order"), 50),
        GreenBehaviour.Define(ElectronicWaybill, BilingualText.Of("电子面单", "Electronic waybill"), BehaviourCategory.Use, BehaviourUnit.Parcel,
            5m, null,
            BilingualText.Of("北京个人碳账本，2023 北京绿色生活季：每件 5 克",
                "Beijing personal carbon ledger, Beijing Green Life Season 2023: 5 g per parcel"), 60),
    ];
}
