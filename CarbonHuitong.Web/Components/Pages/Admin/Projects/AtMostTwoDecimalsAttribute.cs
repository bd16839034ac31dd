using System.ComponentModel.DataAnnotations;

namespace CarbonHuitong.Web.Components.Pages.Admin.Projects;

/// <summary>Money (fen) and credits (hundredths) are exact to two decimals; say so on the field before the domain refuses.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AtMostTwoDecimalsAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not decimal amount || decimal.Round(amount, 2) == amount;
}
