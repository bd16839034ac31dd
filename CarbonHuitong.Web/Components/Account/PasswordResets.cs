using System.Globalization;
using System.Text;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace CarbonHuitong.Web.Components.Account;

/// <summary>
/// Forgot password: a one-time link (Identity's password reset token, tied to the account's security stamp, so it
/// works once and ends when the password changes) goes to the email's owner through the <see cref="IAccountMessageSender"/>.
/// In Development, where no mail server is set up, the page shows the link itself.
/// </summary>
internal sealed class PasswordResets(UserManager<ApplicationUser> users, IAccountMessageSender messages, IHostEnvironment environment)
{
    public const string ResetPath = "/Account/ResetPassword";

    /// <summary>How long a reset link works (Identity's token lifespan, set from this).</summary>
    public const int LinkLifetimeHours = 2;

    /// <summary>Outside Development, only with a sender that reaches people: otherwise a promised message never comes.</summary>
    public bool Available => messages.Delivers || ShowsLinkOnPage;

    private bool ShowsLinkOnPage => environment.IsDevelopment();

    /// <returns>The link to show on the page: only in Development, and only for an email that has an account.</returns>
    public async Task<string?> RequestAsync(string email, CancellationToken ct)
    {
        if (!Available || await users.FindByEmailAsync(email) is not { Email: { } ownersEmail } user) return null;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{ResetPath}?code={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";
        if (messages.Delivers)
            await messages.SendAsync(new AccountMessage(AccountMessageKind.PasswordReset, user.Id, ownersEmail, link, CultureInfo.CurrentUICulture.Name), ct);
        return ShowsLinkOnPage ? link : null;
    }

    /// <summary>
    /// Sets the new password when the code is this email's. A wrong code and an email without an account answer the
    /// same (false), so the page tells nobody which emails have accounts. A lockout ends: the owner proved the email.
    /// </summary>
    public async Task<IdentityResult> ResetAsync(string email, string code, string newPassword)
    {
        if (await users.FindByEmailAsync(email) is not { } user || Decode(code) is not { } token)
            return IdentityResult.Failed(users.ErrorDescriber.InvalidToken());
        var reset = await users.ResetPasswordAsync(user, token, newPassword);
        if (reset.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        return reset;
    }

    private static string? Decode(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
