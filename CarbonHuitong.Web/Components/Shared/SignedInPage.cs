using CarbonHuitong.Core;
using CarbonHuitong.Core.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CarbonHuitong.Web.Components.Shared;

/// <summary>
/// A page, or a form on one, for the signed-in user: its own DbContext scope, who is signed in as the sign-in's
/// claims say (as the API reads them, with no query), and one way to run an action that reports a refusal in the
/// reader's language instead of failing the circuit.
/// </summary>
public abstract class SignedInPage : OwningComponentBase
{
    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    private Actor? actor;

    /// <summary>The signed-in user, for the domain's permission checks. Pages that use it carry [Authorize].</summary>
    protected Actor Actor => actor ?? throw new InvalidOperationException("Only reached signed in: the page's [Authorize] keeps visitors out.");

    /// <summary>The signed-in citizen's carbon account; null for a visitor.</summary>
    protected long? AccountId { get; private set; }

    /// <summary>The last refusal, shown by the page; null once an action succeeds.</summary>
    protected DomainException? Refused { get; private set; }

    /// <summary>The last refusal in the request's culture.</summary>
    protected string? Refusal => Refused is null ? null : Explain(Refused);

    /// <summary>True while an action runs, so a second click does nothing.</summary>
    protected bool Busy { get; private set; }

    protected T Service<T>() where T : notnull => ScopedServices.GetRequiredService<T>();

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        actor = CarbonClaimsPrincipalFactory.ActorOf(user);
        AccountId = CarbonClaimsPrincipalFactory.AccountIdOf(user);
        await LoadAsync();
    }

    /// <summary>What the page reads once the signed-in user is known.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs an action unless one is already running; a domain refusal becomes <see cref="Refused"/>. Returns whether it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<Task> action)
    {
        if (Busy) return false;
        (Busy, Refused) = (true, null);
        try
        {
            await action();
            return true;
        }
        catch (DomainException refused)
        {
            Refused = refused;
            return false;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>How a refusal reads on this page; a page may say more where it knows more (e.g. what "not found" means there).</summary>
    protected virtual string Explain(DomainException refusal) => AdminWording.Refusal(refusal);
}
