using System.Net;

namespace CarbonHuitong.Tests.Web;

/// <summary>An address with nothing at it shows the app's own page, in the reader's language, with a way home.</summary>
public sealed class NotFoundPageTests(BadInputHttpTests.Host host) : IClassFixture<BadInputHttpTests.Host>
{
    [Theory]
    [InlineData("en", "Page not found", "Go to the home page")]
    [InlineData("zh-CN", "页面不存在", "前往首页")]
    public async Task An_unknown_address_answers_404_with_the_branded_page(string language, string heading, string wayHome)
    {
        var browser = host.App.CreateBrowser();
        browser.DefaultRequestHeaders.AcceptLanguage.Clear();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await browser.GetAsync("/nonexistent");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(heading, page);
        Assert.Contains(wayHome, page);
        Assert.Contains($"<html lang=\"{language}\"", page);
    }

    [Fact]
    public async Task A_form_posted_to_an_unknown_address_answers_the_branded_page()
    {
        var response = await host.App.CreateBrowser().PostAsync("/nonexistent", new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "1" }));

        // Routing's own answer (only GET and HEAD reach an address like this one), with the page, not an empty body.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_api_address_answers_404_problem_details()
    {
        var response = await host.App.CreateClient().GetAsync("/api/nonexistent");

        await BadInputHttpTests.AssertProblemAsync(HttpStatusCode.NotFound, "not_found", response);
    }

    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_favicon_is_served(string path, string mediaType)
    {
        var response = await host.App.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Every_page_links_the_favicon()
    {
        var page = await host.App.CreateBrowser().GetStringAsync("/methodology");

        Assert.Contains("rel=\"icon\"", page);
        Assert.Contains("favicon", page);
    }
}
