namespace CarbonHuitong.Core.Transit;

/// <summary>
/// The fare the ride code page quotes: Chongqing's standard urban bus fare, ¥2 (the coupon the seeds describe pays a
/// whole ride). A validator charges its own line's fare with each scan (<see cref="ScanRequest.FareFen"/>).
/// </summary>
public static class RideFare
{
    public const long StandardFen = 200;
}
