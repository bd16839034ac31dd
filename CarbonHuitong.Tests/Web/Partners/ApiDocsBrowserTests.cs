using CarbonHuitong.Tests.Browser;
using Microsoft.Playwright;

namespace CarbonHuitong.Tests.Web.Partners;

/// <summary>
/// The API reference at <c>/api/docs</c> in a real Chromium, under the app's strict Content-Security-Policy: it renders
/// the document (the partner endpoints and how to sign them) with nothing refused and nothing fetched from elsewhere.
/// </summary>
public sealed class ApiDocsBrowserTests(Chromium chromium) : BrowserTest(chromium)
{
    private const string ViolationListener =
        "window.__cspViolations = [];" +
        "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));";

    [SkippableFact]
    public async Task The_api_reference_renders_the_partner_api_without_a_content_security_policy_violation() =>
        await RunAsync(nameof(The_api_reference_renders_the_partner_api_without_a_content_security_policy_violation), async page =>
        {
            var console = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning") console.Add(message.Text);
            };
            var elsewhere = new List<string>();
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(App.BaseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                    && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                    elsewhere.Add(request.Url);
            };
            await page.AddInitScriptAsync(ViolationListener);

            var response = await page.GotoAsync("/api/docs");

            Assert.Equal(200, response!.Status);
            await page.GetByText("Partner platforms: signing a call").First.WaitForAsync();
            await page.GetByText("/api/partners/events").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            await page.GetByText("counted_elsewhere").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            Directory.CreateDirectory(ArtifactsFolder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, "api-docs.png") });
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
            Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
            Assert.Empty(elsewhere);
        });
}
