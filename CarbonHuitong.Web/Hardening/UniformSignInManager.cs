using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace CarbonHuitong.Web.Hardening;

/// <summary>
/// Identity's sign-in, except that an unknown email and a locked account cost one password hash, as a wrong password
/// does, so the time an answer takes does not tell whether the account exists. What each answers is made the same
/// by <see cref="RateLimits.WithSignInLimits"/> (the API) and the sign-in page.
/// </summary>
public sealed class UniformSignInManager(
    UserManager<ApplicationUser> users, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> options, ILogger<SignInManager<ApplicationUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    private static readonly ApplicationUser Stranger = new();
    private static string? s_standInHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = userName is null ? null : await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            SpendOneHash(password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>A locked (or not allowed) account is refused before its password is checked; spend the hash anyway.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(ApplicationUser user)
    {
        var refused = await base.PreSignInCheck(user);
        if (refused is not null) SpendOneHash("");
        return refused;
    }

    private void SpendOneHash(string? password)
    {
        var standIn = s_standInHash ??= UserManager.PasswordHasher.HashPassword(Stranger, Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(Stranger, standIn, password ?? "");
    }
}
