using CarbonHuitong.Web.Resources;

namespace CarbonHuitong.Web.Components.Account;

/// <summary>
/// The sign-in forms' validation messages, for <c>ErrorMessageResourceType</c>. Properties rather than constants, so each
/// message is read in the culture of the request that validates the form.
/// </summary>
public static class AccountValidation
{
    public static string EnterEmail => CitizenText.Get("Enter your email.");
    public static string ValidEmail => CitizenText.Get("Enter a valid email address.");
    public static string EmailTooLong => CitizenText.Get("The email can be at most {1} characters long.");
    public static string EnterPassword => CitizenText.Get("Enter your password.");
    public static string ChoosePassword => CitizenText.Get("Choose a password.");
    public static string EnterCurrentPassword => CitizenText.Get("Enter your current password.");
    public static string ChooseNewPassword => CitizenText.Get("Choose a new password.");
    public static string PasswordLength => CitizenText.Get("The password must be at least {2} and at most {1} characters long.");
    public static string PasswordsDiffer => CitizenText.Get("The two passwords do not match.");
}

/// <summary>Empty ("not given") or one of Chongqing's districts and counties; anything else a tampered form could post is refused before the account is made.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnownDistrictAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string code || string.IsNullOrEmpty(code) || Core.Government.DistrictCatalogue.Find(code) is not null;

    public override string FormatErrorMessage(string name) => CitizenText.Get("Choose a district or county from the list.");
}

/// <summary>The registration form's consent box: PIPL asks for an explicit yes to the user agreement and privacy policy.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MustAcceptTermsAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public override bool IsValid(object? value) => value is true;

    public override string FormatErrorMessage(string name) => CitizenText.Get("To register, accept the user agreement and the privacy policy.");
}
