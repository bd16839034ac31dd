using System.Globalization;
using CarbonHuitong.Core.Funding;
using CarbonHuitong.Core.Mall;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// The admin forms' DataAnnotations messages, for <c>ErrorMessageResourceType</c>: each is read when a field is
/// validated, so it is in the request's culture. The English text is the key in AdminText.resx; a limit it states
/// is filled in from the entity's own constant.
/// </summary>
public static class AdminValidation
{
    // Coupon batch
    public static string FaceValueRequired => AdminText.Get("Enter the coupon's face value.");
    public static string FaceValueRange => Format("A face value is between ¥0.01 and ¥{0}.", CouponBatch.MaxFaceValue.Yuan);
    public static string FaceValueDecimals => AdminText.Get("A face value in yuan has at most 2 decimals.");
    public static string QuantityRequired => AdminText.Get("Enter how many coupons the batch holds.");
    public static string QuantityRange => Format("A batch holds from 1 to {0} coupons.", CouponBatch.MaxQuantity);
    public static string PriceRequired => AdminText.Get("Enter the price in credits.");
    public static string PriceRange => Format("The price is between 0.01 and {0} credits.", CouponBatch.MaxPrice.Value);
    public static string CreditsDecimals => AdminText.Get("Credits have at most 2 decimals.");
    public static string ValidDaysRange => Format("A coupon is valid for 1 to {0} days.", CouponBatch.MaxValidDays);
    public static string ValidityGiven => AdminText.Get("Say how long a coupon is valid: days after redemption, a fixed end date, or both.");
    public static string MonthlyLimitRange => AdminText.Get("A monthly limit is at least 1 coupon (leave it empty for no limit).");

    // Carbon-market sale
    public static string SaleTonnesRequired => AdminText.Get("Enter the tonnes sold.");
    public static string SaleTonnesRange => AdminText.Get("Tonnes sold are a whole number, at least 1.");
    public static string PricePerTonneRequired => AdminText.Get("Enter the price per tonne.");
    public static string PricePerTonneRange => Format("The price per tonne is between ¥0.01 and ¥{0}.", CarbonSale.MaxPricePerTonne.Yuan);
    public static string YuanDecimals => AdminText.Get("A price in yuan has at most 2 decimals.");
    public static string BuyerRequired => AdminText.Get("Name the buyer.");
    public static string BuyerLength => Format("A buyer's name is at most {0} characters.", CarbonSale.MaxBuyerLength);
    public static string SoldOnRequired => AdminText.Get("Pick the day of the sale.");

    // Issuance
    public static string IssuedTonnesRequired => AdminText.Get("Enter the tonnes issued.");
    public static string IssuedTonnesRange => Format("Tonnes issued are a whole number from 1 to {0}.", ReductionIssuance.MaxTonnes);
    public static string VintageRequired => AdminText.Get("Enter the vintage year.");
    // Years read without a thousands separator.
    public static string VintageRange => string.Format(CultureInfo.CurrentCulture, AdminText.Get("The vintage is a year between {0} and {1}."),
        ReductionIssuance.FirstVintage, ReductionIssuance.LastVintage);
    public static string SerialNumbersRequired => AdminText.Get("Give the certificate serial numbers.");
    public static string SerialNumbersLength => Format("Serial numbers are at most {0} characters.", ReductionIssuance.MaxSerialNumbersLength);
    public static string IssuedOnRequired => AdminText.Get("Pick the day of issue.");

    // Project
    public static string ProjectNameRequired => AdminText.Get("Give the project a name.");
    public static string ProjectNameLength => Format("A name is at most {0} characters.", EmissionProject.MaxNameLength);
    public static string MethodologyRequired => AdminText.Get("Name the methodology (e.g. CQCER-001).");
    public static string MethodologyLength => Format("At most {0} characters.", EmissionProject.MaxMethodologyLength);
    public static string ScenarioRequired => AdminText.Get("Describe the scenario (e.g. bus travel instead of private cars).");
    public static string ScenarioLength => Format("At most {0} characters.", EmissionProject.MaxScenarioLength);
    public static string PeriodStartRequired => AdminText.Get("Pick the first day of the crediting period.");
    public static string PeriodEndRequired => AdminText.Get("Pick the last day of the crediting period.");

    // Validator simulator
    public static string TerminalRequired => AdminText.Get("Pick a terminal.");
    public static string RideCodeRequired => AdminText.Get("Paste a ride code.");
    public static string LineRequired => AdminText.Get("Enter the line.");
    public static string FareRange => Format("A fare is between ¥0 and ¥{0}.", new Fen(Ride.MaxFareFen).Yuan);

    /// <summary>The default of <see cref="Pages.Funding.AtMostTwoDecimalsAttribute"/> where a field names no message of its own.</summary>
    public static string AtMostTwoDecimals => AdminText.Get("At most 2 decimals.");

    // DataAnnotations formats this text again with the field's name and bounds; a number formatted here has no braces left for it.
    private static string Format(string key, decimal limit) =>
        string.Format(CultureInfo.CurrentCulture, AdminText.Get(key), limit.ToString("#,0.##", CultureInfo.CurrentCulture));
}
