using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonHuitong.Core.Identity;

/// <summary>
/// Every way a user is created (the register page, <c>/api/auth/register</c>, the demo world) comes through
/// <see cref="CreateAsync(ApplicationUser)"/>, so every new user is a Citizen with an empty carbon account,
/// written in one transaction with the user.
/// </summary>
public sealed class CitizenUserManager(
    IUserStore<ApplicationUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ApplicationUser> passwordHasher,
    IEnumerable<IUserValidator<ApplicationUser>> userValidators,
    IEnumerable<IPasswordValidator<ApplicationUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ApplicationUser>> logger,
    CarbonDbContext db,
    TimeProvider clock)
    : UserManager<ApplicationUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators,
        keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> CreateAsync(ApplicationUser user)
    {
        try
        {
            return await db.InWriteTransactionAsync(async () =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                user.RegisteredAt = now;
                var created = await base.CreateAsync(user);
                if (!created.Succeeded) throw new RegistrationRefused(created);
                var joined = await AddToRoleAsync(user, Roles.Citizen);
                if (!joined.Succeeded) throw new RegistrationRefused(joined);
                db.CarbonAccounts.Add(CarbonAccount.Open(user.Id, now));
                await db.SaveChangesAsync(CancellationToken);
                return IdentityResult.Success;
            }, CancellationToken);
        }
        catch (RegistrationRefused refused)
        {
            return refused.Result;
        }
    }

    /// <summary>Carries Identity's refusal out of the transaction so that it rolls back.</summary>
    private sealed class RegistrationRefused(IdentityResult result) : Exception
    {
        public IdentityResult Result { get; } = result;
    }
}
