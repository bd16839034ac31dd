using System.Net;
using CarbonHuitong.Core.Behaviours;
using CarbonHuitong.Core.Behaviours.Partners;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>
/// A page that fails shows the app's friendly error page, in the reader's language, with a way to try again and a way
/// home; the API keeps answering 500 problem details. The failure is a service that cannot be built.
/// </summary>
public sealed class ErrorPageTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new()
    {
        TestServices = services =>
        {
            services.AddScoped<MethodologyService>(_ => throw new InvalidOperationException("A failure no rule explains."));
            services.AddScoped<PartnerQueries>(_ => throw new InvalidOperationException("A failure no rule explains."));
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("en", "Something went wrong", "Try again", "Go to the home page")]
    [InlineData("zh-CN", "出现错误", "重试", "前往首页")]
    public async Task A_page_that_fails_answers_500_with_the_friendly_error_page_a_retry_and_a_way_home(string language, string heading, string retry, string home)
    {
        var browser = _app.CreateBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await browser.GetAsync("/methodology");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(heading, page);
        Assert.Contains(retry, page);
        Assert.Contains(home, page);
        Assert.Contains("href=\"methodology\"", page);
        Assert.DoesNotContain("A failure no rule explains", page);
    }

    [Fact]
    public async Task An_api_call_that_fails_still_answers_500_problem_details()
    {
        var citizen = await _app.BearerCitizenAsync("failing.api@example.com");

        var response = await citizen.GetAsync("/api/me/partner-links");

        await BadInputHttpTests.AssertProblemAsync(HttpStatusCode.InternalServerError, "server_error", response);
    }
}
