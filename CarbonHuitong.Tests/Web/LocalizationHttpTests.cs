using CarbonHuitong.Tests.Support;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarbonHuitong.Tests.Web;

/// <summary>What a person reads follows the request's culture; what a program reads (the code) does not.</summary>
public sealed class LocalizationHttpTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("zh-CN", "请求被拒绝。", "这不是有效的乘车码。")]
    [InlineData("en", "The request was refused.", "This is not a valid ride code.")]
    public async Task A_refusal_reads_in_the_requests_language_and_keeps_its_code(string language, string title, string detail)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var key = await RegisterTerminalAsync();
        client.DefaultRequestHeaders.Add("X-Terminal-Key", key);

        var response = await client.PostAsJsonAsync("/api/terminal/scans",
            new { scanId = "s-1", rideCode = "not-a-code", lineId = "871", vehicleId = "B-1", fareFen = 200, scannedAt = DateTime.UtcNow });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_code", problem.GetProperty("code").GetString());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_browsers_language_chooses_the_page_language_until_the_citizen_picks_one()
    {
        var browser = _app.CreateBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");

        var chinese = await browser.GetStringAsync("/methodology");
        var pick = await browser.GetAsync("/culture?culture=en&redirectUri=/methodology");
        var english = await browser.GetStringAsync("/methodology");

        Assert.Contains("<html lang=\"zh-CN\"", chinese);
        Assert.Contains("乘坐公交", chinese);
        Assert.Equal(HttpStatusCode.Redirect, pick.StatusCode);
        Assert.Equal("/methodology", pick.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"en\"", english);
        Assert.Contains("How credits are earned", english);
    }

    [Fact]
    public async Task The_language_switch_never_redirects_off_the_site()
    {
        var response = await _app.CreateBrowser().GetAsync("/culture?culture=zh-CN&redirectUri=//evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    private async Task<string> RegisterTerminalAsync()
    {
        _app.CreateClient().Dispose();
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_app.Services);
        var terminals = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CarbonHuitong.Core.Transit.TerminalService>(scope.ServiceProvider);
        return await terminals.RegisterAsync(Actors.MallAdmin, $"CQ-L10N-{Guid.NewGuid():N}"[..20], "871", "Localization");
    }
}
