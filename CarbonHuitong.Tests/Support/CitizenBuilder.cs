using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Ledger;
using CarbonHuitong.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

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
        var email = $"{_userName}@example.test";
        var user = new ApplicationUser { Id = Guid.NewGuid().ToString(), UserName = _userName, Email = email, EmailConfirmed = true };
        var accountId = (await CitizenUserManager.RegisterCitizensAsync(db, clock, [user], name => name?.ToUpperInvariant(),
            address => address?.ToUpperInvariant(), ct))[0];

        if (_credits != 0)
        {
            await new TestLedger(db, clock).AdjustAsync(accountId, Credits.FromDecimal(_credits), "Opening balance for a test", ct: ct);
        }
        return new Citizen(user.Id, _userName, accountId);
    }
}
