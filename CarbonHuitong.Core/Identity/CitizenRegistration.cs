using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;

namespace CarbonHuitong.Core.Identity;

/// <param name="Created">The new user; null when the email already had an account (or the registration was refused).</param>
public sealed record Registration(IdentityResult Result, ApplicationUser? Created);

/// <summary>
/// A citizen registers from the web form or an app (<c>POST /api/auth/register</c>). A taken email answers exactly as a
/// new one does, so registering never tells whether an email has an account; its owner is told instead, through the
/// <see cref="IAccountMessageSender"/>. A password or email Identity refuses is refused the same for both, since the
/// password is checked before the email is looked up.
/// </summary>
public sealed class CitizenRegistration(CitizenUserManager users, IAccountMessageSender messages)
{
    /// <param name="acceptance">The user agreement and privacy policy the citizen accepted; an unknown version is refused
    /// before anything is written. The web form always has one; an app that shows the terms in its own flow sends its version.</param>
    public async Task<Registration> RegisterAsync(string email, string password, TermsAcceptance? acceptance, string culture, CancellationToken ct = default)
    {
        if (acceptance is not null) PlatformTerms.Require(acceptance.Version);
        var user = new ApplicationUser { UserName = email, Email = email };
        IdentityResult result;
        try
        {
            result = await users.CreateAsync(user, password, acceptance);
        }
        catch (Exception twin) when (WriteTransactions.IsUniqueViolation(twin))
        {
            // The same email registered at the same moment by another request.
            result = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(email));
        }
        if (result.Succeeded) return new Registration(result, user);
        if (!result.Errors.All(IsTaken)) return new Registration(result, null);

        if (await users.FindByEmailAsync(email) is { Email: { } ownersEmail } owner)
            await messages.SendAsync(new AccountMessage(AccountMessageKind.AlreadyRegistered, owner.Id, ownersEmail, null, culture), ct);
        return new Registration(IdentityResult.Success, null);
    }

    private static bool IsTaken(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName);
}
