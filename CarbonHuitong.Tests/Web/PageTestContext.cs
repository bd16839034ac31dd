using System.Globalization;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// Renders pages and components against a real SQLite file with the app's own Core wiring, a settable clock and a
/// settable signed-in user (set it with <see cref="Auth"/> before the first render of a page that needs it).
/// </summary>
public abstract class PageTestContext : BunitContext, IAsyncLifetime
{
    protected TestClock Clock { get; } = new();
    protected TestDatabase Database { get; private set; } = default!;
    protected BunitAuthorizationContext Auth { get; private set; } = default!;
    protected RideCodeKeyring Keyring => Services.GetRequiredService<RideCodeKeyring>();

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddCarbonHuitongCore(Database.ConnectionString);
        Services.AddSingleton(TestKeyRing.Shared);
        Auth = AddAuthorization();
        await using (var db = Database.CreateContext()) await Keyring.LoadAsync(db, Clock);
        Render<MudPopoverProvider>();
    }

    /// <summary>Signs the citizen in with the claims a real sign-in carries, the carbon account among them.</summary>
    protected void SignIn(Citizen citizen) =>
        Auth.SetAuthorized(citizen.UserName).SetClaims(
            new Claim(ClaimTypes.NameIdentifier, citizen.UserId),
            new Claim(CarbonClaimsPrincipalFactory.AccountClaim, citizen.AccountId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Signs an admin or a project owner in with the claims a real sign-in carries: id, email, roles, organization.</summary>
    protected void SignIn(Actor actor)
    {
        Claim[] claims = [new(ClaimTypes.NameIdentifier, actor.UserId), new(ClaimTypes.Name, actor.Email)];
        if (actor.Organization is { } organization) claims = [.. claims, new(CarbonClaimsPrincipalFactory.OrganizationClaim, organization)];
        Auth.SetAuthorized(actor.Email).SetRoles([.. actor.Roles]).SetClaims(claims);
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
