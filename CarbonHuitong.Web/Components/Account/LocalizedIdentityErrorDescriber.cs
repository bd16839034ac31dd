using System.Globalization;
using CarbonHuitong.Web.Resources;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Web.Components.Account;

/// <summary>
/// Identity's refusals a citizen can meet when registering or changing a password, in the request's culture.
/// The codes stay Identity's own; only the descriptions are translated (English keeps Identity's wording).
/// </summary>
public sealed class LocalizedIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        Describe(base.PasswordTooShort(length), "Passwords must be at least {0} characters.", length);

    public override IdentityError PasswordRequiresDigit() =>
        Describe(base.PasswordRequiresDigit(), "Passwords must have at least one digit ('0'-'9').");

    public override IdentityError PasswordRequiresLower() =>
        Describe(base.PasswordRequiresLower(), "Passwords must have at least one lowercase ('a'-'z').");

    public override IdentityError PasswordRequiresUpper() =>
        Describe(base.PasswordRequiresUpper(), "Passwords must have at least one uppercase ('A'-'Z').");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Describe(base.PasswordRequiresNonAlphanumeric(), "Passwords must have at least one non alphanumeric character.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Describe(base.PasswordRequiresUniqueChars(uniqueChars), "Passwords must use at least {0} different characters.", uniqueChars);

    public override IdentityError PasswordMismatch() =>
        Describe(base.PasswordMismatch(), "Incorrect password.");

    public override IdentityError DuplicateEmail(string email) =>
        Describe(base.DuplicateEmail(email), "Email '{0}' is already taken.", email);

    public override IdentityError DuplicateUserName(string userName) =>
        Describe(base.DuplicateUserName(userName), "Username '{0}' is already taken.", userName);

    public override IdentityError InvalidEmail(string? email) =>
        Describe(base.InvalidEmail(email), "Email '{0}' is invalid.", email ?? "");

    public override IdentityError InvalidUserName(string? userName) =>
        Describe(base.InvalidUserName(userName), "Username '{0}' is invalid, can only contain letters or digits.", userName ?? "");

    // A reset link that is wrong, used or expired, and one used with another email, read the same.
    public override IdentityError InvalidToken() =>
        Describe(base.InvalidToken(), "This link is not valid for this email, or it has expired. Ask for a new one.");

    private static IdentityError Describe(IdentityError error, string key, params object[] values)
    {
        error.Description = string.Format(CultureInfo.CurrentCulture, CitizenText.Get(key), values);
        return error;
    }
}
