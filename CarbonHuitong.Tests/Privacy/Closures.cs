using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Persistence;
using CarbonHuitong.Core.Privacy;
using CarbonHuitong.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Privacy;

/// <summary>
/// The citizen's side of PIPL as a request makes it: Core and Identity's user manager wired as the app wires them, on
/// either store, one scope per call.
/// </summary>
internal static class Closures
{
    public const string Password = "Green-Trip-2026";

    public static ServiceProvider Services(TestStore database, TimeProvider clock)
    {
        var services = new ServiceCollection().AddSingleton(clock).AddLogging();
        services.AddCarbonHuitongCore(database.Settings);
        services.AddIdentityCore<ApplicationUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<CarbonDbContext>()
            .AddUserManager<CitizenUserManager>();
        return services.BuildServiceProvider();
    }

    public static async Task<T> AsRequestAsync<T>(this TestStore database, TimeProvider clock, Func<IServiceProvider, Task<T>> call)
    {
        await using var services = Services(database, clock);
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    /// <summary>The citizen as they signed in: a citizen with the email registration gave them.</summary>
    public static Actor ActorOf(Citizen citizen) => new(citizen.UserId, $"{citizen.UserName}@example.test", [Roles.Citizen], null);

    /// <summary>Gives a built citizen the password they would have chosen at registration.</summary>
    public static async Task<Citizen> WithPasswordAsync(this TestStore database, TimeProvider clock, Citizen citizen)
    {
        await database.AsRequestAsync(clock, async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var added = await users.AddPasswordAsync((await users.FindByIdAsync(citizen.UserId))!, Password);
            Assert.True(added.Succeeded, string.Join(" ", added.Errors.Select(e => e.Description)));
            return added;
        });
        return citizen;
    }

    public static Task<ClosureResult> CloseAsync(this TestStore database, TimeProvider clock, Citizen citizen, string? password = Password) =>
        database.AsRequestAsync(clock, s => s.GetRequiredService<AccountClosureService>().CloseAsync(ActorOf(citizen), password));

    /// <summary>The closure's answer, or the code of its refusal, so a race can count outcomes.</summary>
    public static async Task<string> TryCloseAsync(this TestStore database, TimeProvider clock, Citizen citizen)
    {
        try
        {
            return (await database.CloseAsync(clock, citizen)).Replayed ? "replayed" : "closed";
        }
        catch (DomainException refusal)
        {
            return refusal.Code;
        }
    }
}
