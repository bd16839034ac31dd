using CarbonHuitong.Web.Components.Shared;
using System.ComponentModel.DataAnnotations;

namespace CarbonHuitong.Web.Components.Pages.Funding;

/// <summary>Money (fen) and credits (hundredths) are exact to two decimals; say so on the field before the domain refuses.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AtMostTwoDecimalsAttribute : ValidationAttribute
{
    // Read when a field fails, so in the request's culture; a field's own ErrorMessageResourceName takes precedence.
    public AtMostTwoDecimalsAttribute() : base(() => AdminValidation.AtMostTwoDecimals) { }

    public override bool IsValid(object? value) => value is not decimal amount || decimal.Round(amount, 2) == amount;
}
