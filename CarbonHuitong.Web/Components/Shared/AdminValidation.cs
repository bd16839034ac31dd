using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// The admin forms' DataAnnotations messages, for <c>ErrorMessageResourceType</c>: each is read when a field is
/// validated, so it is in the request's culture. The English text is the key in AdminText.resx.
/// </summary>
public static class AdminValidation
{
    // Coupon batch
    public static string FaceValueRequired => AdminText.Get("Enter the coupon's face value.");
    public static string FaceValueRange => AdminText.Get("A face value is between ¥0.01 and ¥10,000.");
    public static string FaceValueDecimals => AdminText.Get("A face value in yuan has at most 2 decimals.");
    public static string QuantityRequired => AdminText.Get("Enter how many coupons the batch holds.");
    public static string QuantityRange => AdminText.Get("A batch holds from 1 to 10,000,000 coupons.");
    public static string PriceRequired => AdminText.Get("Enter the price in credits.");
    public static string PriceRange => AdminText.Get("The price is between 0.01 and 1,000,000 credits.");
    public static string CreditsDecimals => AdminText.Get("Credits have at most 2 decimals.");
    public static string ValidDaysRange => AdminText.Get("A coupon is valid for 1 to 3,660 days.");
    public static string ValidityGiven => AdminText.Get("Say how long a coupon is valid: days after redemption, a fixed end date, or both.");
    public static string MonthlyLimitRange => AdminText.Get("A monthly limit is at least 1 coupon (leave it empty for no limit).");

    // Carbon-market sale
    public static string SaleTonnesRequired => AdminText.Get("Enter the tonnes sold.");
    public static string SaleTonnesRange => AdminText.Get("Tonnes sold are a whole number, at least 1.");
    public static string PricePerTonneRequired => AdminText.Get("Enter the price per tonne.");
    public static string PricePerTonneRange => AdminText.Get("The price per tonne is between ¥0.01 and ¥100,000.");
    public static string YuanDecimals => AdminText.Get("A price in yuan has at most 2 decimals.");
    public static string BuyerRequired => AdminText.Get("Name the buyer.");
    public static string BuyerLength => AdminText.Get("A buyer's name is at most 200 characters.");
    public static string SoldOnRequired => AdminText.Get("Pick the day of the sale.");

    // Issuance
    public static string IssuedTonnesRequired => AdminText.Get("Enter the tonnes issued.");
    public static string IssuedTonnesRange => AdminText.Get("Tonnes issued are a whole number from 1 to 100,000,000.");
    public static string VintageRequired => AdminText.Get("Enter the vintage year.");
    public static string VintageRange => AdminText.Get("The vintage is a year between 2000 and 2100.");
    public static string SerialNumbersRequired => AdminText.Get("Give the certificate serial numbers.");
    public static string SerialNumbersLength => AdminText.Get("Serial numbers are at most 500 characters.");
    public static string IssuedOnRequired => AdminText.Get("Pick the day of issue.");

    // Project
    public static string ProjectNameRequired => AdminText.Get("Give the project a name.");
    public static string ProjectNameLength => AdminText.Get("A name is at most 200 characters.");
    public static string MethodologyRequired => AdminText.Get("Name the methodology (e.g. CQCER-001).");
    public static string AtMost200Characters => AdminText.Get("At most 200 characters.");
    public static string ScenarioRequired => AdminText.Get("Describe the scenario (e.g. bus travel instead of private cars).");
    public static string AtMost500Characters => AdminText.Get("At most 500 characters.");
    public static string PeriodStartRequired => AdminText.Get("Pick the first day of the crediting period.");
    public static string PeriodEndRequired => AdminText.Get("Pick the last day of the crediting period.");

    // Validator simulator
    public static string TerminalRequired => AdminText.Get("Pick a terminal.");
    public static string RideCodeRequired => AdminText.Get("Paste a ride code.");
    public static string LineRequired => AdminText.Get("Enter the line.");
    public static string FareRange => AdminText.Get("A fare is between ¥0 and ¥100.");

    /// <summary>The default of <see cref="Projects.AtMostTwoDecimalsAttribute"/> where a field names no message of its own.</summary>
    public static string AtMostTwoDecimals => AdminText.Get("At most 2 decimals.");
}
