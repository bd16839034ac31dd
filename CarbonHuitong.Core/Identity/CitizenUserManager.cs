using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
    public override Task<IdentityResult> CreateAsync(ApplicationUser user) => CreateCitizenAsync(user, acceptance: null);

    /// <summary>
    /// As <see cref="UserManager{TUser}.CreateAsync(TUser, string)"/>, and records the citizen's acceptance of the
    /// user agreement and privacy policy in the same transaction. The password is checked and hashed before the write
    /// transaction, which it would otherwise hold for the hash's time.
    /// </summary>
    public async Task<IdentityResult> CreateAsync(ApplicationUser user, string password, TermsAcceptance? acceptance)
    {
        var hashed = await UpdatePasswordHash(user, password, validatePassword: true);
        return hashed.Succeeded ? await CreateCitizenAsync(user, acceptance) : hashed;
    }

    private async Task<IdentityResult> CreateCitizenAsync(ApplicationUser user, TermsAcceptance? acceptance)
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
                if (acceptance is not null) TermsConsents.Record(new Audit.AuditLog(db, clock), user, acceptance);
                await db.SaveChangesAsync(CancellationToken);
                return IdentityResult.Success;
            }, CancellationToken);
        }
        catch (RegistrationRefused refused)
        {
            return refused.Result;
        }
    }

    private const int UsersPerSave = 2_000;

    /// <summary>
    /// Registers many citizens at once, as <see cref="CreateAsync(ApplicationUser)"/> does one (the Citizen role and an
    /// empty carbon account, in one transaction with the users), for bulk loads such as benchmarks. A user may come
    /// with a password hash or none (such a user cannot sign in with a password); emails must be unique, which the
    /// database's index on the normalized user name enforces.
    /// </summary>
    /// <returns>Each user's carbon account id, in the users' order.</returns>
    public Task<IReadOnlyList<long>> RegisterCitizensAsync(IReadOnlyList<ApplicationUser> newUsers, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.InWriteTransactionAsync<IReadOnlyList<long>>(async () =>
        {
            var roleId = await db.Roles.Where(r => r.Name == Roles.Citizen).Select(r => r.Id).SingleAsync(ct);
            var accountIds = new List<long>(newUsers.Count);
            foreach (var chunk in newUsers.Chunk(UsersPerSave))
            {
                var accounts = new List<CarbonAccount>(chunk.Length);
                foreach (var user in chunk)
                {
                    user.RegisteredAt = now;
                    if (string.IsNullOrWhiteSpace(user.UserName) || string.IsNullOrWhiteSpace(user.Email))
                        throw new DomainException(ErrorCodes.BadRequest, "Every citizen registered in bulk has a user name and an email.");
                    user.NormalizedUserName = NormalizeName(user.UserName);
                    user.NormalizedEmail = NormalizeEmail(user.Email);
                    user.SecurityStamp ??= Guid.NewGuid().ToString();
                    db.Users.Add(user);
                    db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
                    var account = CarbonAccount.Open(user.Id, now);
                    db.CarbonAccounts.Add(account);
                    accounts.Add(account);
                }
                await db.SaveChangesAsync(ct);
                // A bulk load forgets each chunk once it is saved; one citizen stays tracked, as Identity leaves a new user.
                if (newUsers.Count > UsersPerSave) db.ChangeTracker.Clear();
                accountIds.AddRange(accounts.Select(a => a.Id));
            }
            return accountIds;
        }, ct);
    }

    /// <summary>Carries Identity's refusal out of the transaction so that it rolls back.</summary>
    private sealed class RegistrationRefused(IdentityResult result) : Exception
    {
        public IdentityResult Result { get; } = result;
    }
}
