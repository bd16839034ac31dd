using Microsoft.Extensions.DependencyInjection;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using CarbonHuitong.Core.Ledger;

namespace CarbonHuitong.Tests.Support;

public sealed record Citizen(string UserId, string UserName, long AccountId);

/// <summary>
/// A citizen as <see cref="CitizenUserManager"/> registers one: a user in the Citizen role with an open carbon account.
/// Starting credits go in as a mall administrator grants them (one audited Adjust entry), so the balance always equals its entries.
/// </summary>
public sealed class CitizenBuilder
{
    private string _userName = "citizen-" + Guid.NewGuid().ToString("N")[..12];
    private decimal _credits;

    public CitizenBuilder Named(string userName)
    {
        _userName = userName;
        return this;
    }

    public CitizenBuilder WithCredits(decimal credits)
    {
        _credits = credits;
        return this;
    }

    public async Task<Citizen> BuildAsync(TestStore database, TimeProvider clock, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await BuildAsync(db, clock, ct);
    }

    public async Task<Citizen> BuildAsync(CarbonDbContext db, TimeProvider clock, CancellationToken ct = default)
    {
        var user = new ApplicationUser { UserName = _userName, Email = $"{_userName}@example.test", EmailConfirmed = true };
        var created = await RegistrationOn(db, clock).CreateAsync(user);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        var accountId = await db.CarbonAccounts.Where(a => a.UserId == user.Id).Select(a => a.Id).SingleAsync(ct);

        if (_credits != 0)
        {
            await new TestLedger(db, clock).AdjustAsync(accountId, Credits.FromDecimal(_credits), "Opening balance for a test", ct: ct);
        }
        return new Citizen(user.Id, _userName, accountId);
    }

    /// <summary>The app's registration (<see cref="CitizenUserManager"/>) over the test's own context.</summary>
    private static CitizenUserManager RegistrationOn(CarbonDbContext db, TimeProvider clock)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(db).AddSingleton(clock);
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>();
        return services.BuildServiceProvider().GetRequiredService<CitizenUserManager>();
    }
}
