using CarbonHuitong.Core;
using CarbonHuitong.Core.Funding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CarbonHuitong.Tests.Browser;

/// <summary>
/// The Content-Security-Policy breaks nothing: every citizen and admin page loads without a violation, and on every
/// interactive page the circuit starts (its WebSocket is allowed) and a button answers.
/// </summary>
public sealed class ContentSecurityPolicyTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string Organization = "Chongqing CSP Transit";

    // Records what the browser refused, from the page's first script on; each full page load starts a fresh list.
    private const string ViolationListener =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));";

    private static readonly string[] SignedOutPages = ["/", "/methodology", "/Account/Login", "/Account/Register"];
    private static readonly string[] CitizenPages = ["/ledger", "/mall", "/coupons", "/ride-code", "/methodology", "/Account/Manage/ChangePassword"];
    private static readonly string[] OwnerPages = ["/admin", "/admin/projects"];
    private static readonly string[] MallAdminPages =
        ["/admin", "/admin/batches", "/admin/reports", "/admin/methodology", "/admin/terminals", "/admin/users", "/admin/audit", "/admin/validator"];

    [SkippableFact]
    public async Task Every_citizen_and_admin_page_loads_without_a_violation_and_its_circuit_answers() =>
        await RunAsync(nameof(Every_citizen_and_admin_page_loads_without_a_violation_and_its_circuit_answers), async page =>
        {
            var console = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) console.Add(message.Text);
            };
            await page.AddInitScriptAsync(ViolationListener);
            var projectId = await CreateUsersAsync();

            await page.GotoAsync("/");
            await ProveTheListenersHearARefusalAsync(page, console);
            foreach (var path in SignedOutPages) await VisitAsync(page, path, console);

            await SignInAsync(page, "csp.citizen@example.com");
            for (var ride = 0; ride < 2; ride++) await App.ScanAsync(await RideCodeAsync(page), $"csp-ride-{ride}");
            foreach (var path in CitizenPages) await VisitAsync(page, path, console);

            await page.Context.ClearCookiesAsync();
            await SignInAsync(page, "csp.owner@example.com");
            foreach (var path in OwnerPages.Append($"/admin/projects/{projectId}")) await VisitAsync(page, path, console);

            await page.Context.ClearCookiesAsync();
            await SignInAsync(page, "csp.admin@example.com");
            foreach (var path in MallAdminPages) await VisitAsync(page, path, console);
        });

    /// <summary>An injected inline script is refused and reported both ways, so a quiet page really means nothing was refused.</summary>
    private static async Task ProveTheListenersHearARefusalAsync(IPage page, List<string> console)
    {
        var ran = await page.EvaluateAsync<bool>(
            "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.appendChild(s); return window.__injected === true; }");
        Assert.False(ran, "an inline script without the nonce ran");
        await page.WaitForFunctionAsync("() => window.__cspViolations.length > 0");
        for (var wait = 0; console.Count == 0 && wait < 150; wait++) await Task.Delay(100);
        Assert.Contains(console, message => message.Contains("inline script"));
        console.Clear();
    }

    private static async Task VisitAsync(IPage page, string path, List<string> console)
    {
        // The sign-in pages are static forms (they set cookies); every other page runs on a circuit.
        var interactive = !path.StartsWith("/Account", StringComparison.Ordinal);
        if (interactive)
        {
            await OpenAsync(page, path);
            Assert.DoesNotContain("/Account/", page.Url);
            await ToggleTheMenuAsync(page);
        }
        else
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.True(violations.Length == 0 && console.Count == 0,
            $"{path}: {string.Join("; ", violations.Concat(console))}");
    }

    /// <summary>The app bar's menu button opens or closes the drawer: only a live circuit answers the click.</summary>
    private static async Task ToggleTheMenuAsync(IPage page)
    {
        var drawer = page.Locator(".mud-drawer").First;
        var before = await drawer.GetAttributeAsync("class");
        await page.Locator("header button.mud-icon-button").First.ClickAsync();
        await page.WaitForFunctionAsync("before => document.querySelector('.mud-drawer').className !== before", before);
    }

    private async Task<long> CreateUsersAsync()
    {
        await App.CreateUserAsync("csp.citizen@example.com");
        await App.CreateUserAsync("csp.admin@example.com", Roles.MallAdmin);
        var owner = await App.CreateUserAsync("csp.owner@example.com", Roles.ProjectOwner, Organization);
        using var scope = App.Services.CreateScope();
        var actor = new Actor(owner.Id, owner.Email!, [Roles.ProjectOwner], Organization);
        return await scope.ServiceProvider.GetRequiredService<ProjectService>().RegisterAsync(actor,
            new ProjectDraft("CSP check bus project", "CQCER", "Buses", new DateOnly(2021, 1, 1), new DateOnly(2023, 12, 31)));
    }
}
