using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;

namespace CarbonHuitong.Web.Demo;

/// <summary>A platform of the demo world: one for each of the methodology's behaviours, and the city's ride code.</summary>
public sealed record DemoPartner(string Code, string NameZh, string NameEn, IReadOnlyList<string> Behaviours)
{
    public static readonly DemoPartner Metro = new("cq-metro", "重庆轨道交通", "Chongqing Rail Transit", [Methodology.MetroRide]);
    public static readonly DemoPartner BikeShare = new("bike-share", "绿骑共享单车", "GreenRide Bike Share", [Methodology.SharedBicycle]);
    public static readonly DemoPartner Takeaway = new("takeaway", "山城外卖", "Shancheng Takeaway", [Methodology.TakeawayWithoutUtensils]);
    public static readonly DemoPartner Logistics = new("logistics", "渝递物流", "Yudi Logistics", [Methodology.ElectronicWaybill]);
    public static readonly DemoPartner Health = new("health", "健步走", "StepUp Health", [Methodology.Walking]);

    /// <summary>Chongqing's government app: its ride code is scanned on buses and in the metro, so it reports rides our validators may also see.</summary>
    public static readonly DemoPartner Yukuaiban = new("yukuaiban", "渝快办", "Yukuaiban", [Methodology.BusRide, Methodology.MetroRide]);

    /// <summary>In the order they send their batches: the ride code last, so its reports of rides already counted show as counted once.</summary>
    public static readonly IReadOnlyList<DemoPartner> All = [Metro, BikeShare, Takeaway, Logistics, Health, Yukuaiban];

    public string LedgerSource => Partner.SourceOf(Code);

    /// <summary>Who the partner is once its call is signed, as <see cref="PartnerSignatures"/> answers it.</summary>
    public PartnerIdentity Identity => new(Code, Behaviours.ToHashSet(StringComparer.Ordinal));

    public PartnerDraft Draft => new(Code, NameZh, NameEn, Behaviours.ToList());

    /// <summary>The partner's own id for a demo resident, such as <c>cq-metro-10086</c>.</summary>
    public string UserId(int member) => $"{Code}-{member}";
}
