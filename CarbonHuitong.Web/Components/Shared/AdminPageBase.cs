using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using CarbonHuitong.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// An admin page: its own DbContext scope, the signed-in actor for the domain's permission checks, and one way to
/// run an action that reports a refusal instead of failing the circuit.
/// </summary>
public abstract class AdminPageBase : OwningComponentBase
{
    [Inject] private SignedInCitizen Citizen { get; set; } = default!;

    protected Actor Actor { get; private set; } = default!;

    /// <summary>The last refusal's message in the request's culture, shown by the page.</summary>
    protected string? Refusal { get; set; }

    protected T Service<T>() where T : notnull => ScopedServices.GetRequiredService<T>();

    protected override async Task OnInitializedAsync()
    {
        Actor = await Citizen.FindActorAsync() ?? throw new InvalidOperationException("Admin pages are only reached signed in.");
        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs an action; a domain refusal becomes <see cref="Refusal"/>. Returns whether it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        Refusal = null;
        try
        {
            await action();
            return true;
        }
        catch (DomainException refused)
        {
            Refusal = AdminWording.Refusal(refused);
            return false;
        }
    }
}
