using Bunit;
using Bunit.TestDoubles;
using CarbonHuitong.Core;
using CarbonHuitong.Core.Transit;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Web.Components.Shared;
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
        Services.AddScoped<SignedInCitizen>();
        Auth = AddAuthorization();
        await using (var db = Database.CreateContext()) await Keyring.LoadAsync(db, Clock);
        Render<MudPopoverProvider>();
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
