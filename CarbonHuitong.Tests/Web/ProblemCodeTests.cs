using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarbonHuitong.Web.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonHuitong.Tests.Web;

/// <summary>Every status the app answers carries one stable code and a title in the request's language.</summary>
public sealed class ProblemCodeTests(BadInputHttpTests.Host host) : IClassFixture<BadInputHttpTests.Host>
{
    public static TheoryData<int, string> Statuses => new()
    {
        { 400, "bad_request" }, { 401, "unauthorized" }, { 403, "forbidden" }, { 404, "not_found" }, { 405, "method_not_allowed" },
        { 406, "not_acceptable" }, { 408, "request_timeout" }, { 409, "conflict" }, { 411, "length_required" },
        { 413, "payload_too_large" }, { 414, "uri_too_long" }, { 415, "unsupported_media_type" }, { 418, "refused" },
        { 429, "rate_limited" }, { 431, "headers_too_large" }, { 500, "server_error" }, { 502, "server_error" }, { 503, "unavailable" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task Each_status_has_one_code_and_a_title_and_text_in_both_languages(int status, string code)
    {
        var english = await WriteProblemAsync(status, "en");
        var chinese = await WriteProblemAsync(status, "zh-CN");

        Assert.Equal(code, english.GetProperty("code").GetString());
        Assert.Equal(code, chinese.GetProperty("code").GetString());
        Assert.NotEqual(english.GetProperty("title").GetString(), chinese.GetProperty("title").GetString());
        Assert.NotEqual(english.GetProperty("detail").GetString(), chinese.GetProperty("detail").GetString());
        Assert.All(new[] { english, chinese }, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("detail").GetString())));
        if (status >= 500) Assert.NotEqual("The request is not valid.", english.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(500, "Something went wrong on our side.")]
    [InlineData(429, "Too many requests.")]
    [InlineData(400, "The request is not valid.")]
    [InlineData(404, "The request was refused.")]
    public async Task The_title_says_what_kind_of_answer_it_is(int status, string title)
    {
        var problem = await WriteProblemAsync(status, "en");

        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(413, "payload_too_large")]
    [InlineData(415, "unsupported_media_type")]
    [InlineData(400, "bad_request")]
    public async Task A_bad_request_the_framework_throws_keeps_its_status_and_the_statuss_code(int status, string code)
    {
        var context = NewContext("en");
        var handlers = context.RequestServices.GetServices<IExceptionHandler>();

        var handled = false;
        foreach (var handler in handlers)
            handled |= await handler.TryHandleAsync(context, new BadHttpRequestException("Refused by the framework.", status), default);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(code, (await ReadAsync(context)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(false, null)]
    [InlineData(false, "text/plain")]
    [InlineData(false, "application/xml")]
    [InlineData(true, null)]
    [InlineData(true, "text/plain")]
    public async Task A_missing_or_wrong_media_type_is_415_unsupported_media_type_in_every_environment(bool throwsLikeDevelopment, string? mediaType)
    {
        await using var app = new CarbonHuitongApp
        {
            TestServices = services => services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = throwsLikeDevelopment),
        };
        var content = new ByteArrayContent("""{"email":"a@example.com","password":"Green-Trip-2026"}"""u8.ToArray());
        if (mediaType is not null) content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);

        var response = await app.CreateClient().PostAsync("/api/auth/login", content);

        await BadInputHttpTests.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", response);
    }

    [Theory]
    [InlineData("/Account/Logout")]
    [InlineData("/Account/Login")]
    public async Task A_form_post_without_its_antiforgery_token_is_400_antiforgery_failed_for_a_program(string path)
    {
        var client = host.App.CreateBrowser();
        client.DefaultRequestHeaders.Accept.Clear();
        client.DefaultRequestHeaders.Accept.ParseAdd("application/json");

        var response = await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/" }));

        await BadInputHttpTests.AssertProblemAsync(HttpStatusCode.BadRequest, "antiforgery_failed", response);
    }

    [Fact]
    public async Task A_browser_whose_form_token_is_missing_is_sent_back_to_a_fresh_form()
    {
        var browser = host.App.CreateBrowser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var response = await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = "rider@example.com", ["Input.Password"] = "Green-Trip-2026",
        }));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location!.OriginalString);
    }

    private async Task<JsonElement> WriteProblemAsync(int status, string language)
    {
        var context = NewContext(language);
        context.Response.StatusCode = status;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        try
        {
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = context });
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        return await ReadAsync(context);
    }

    private DefaultHttpContext NewContext(string language)
    {
        host.App.CreateClient().Dispose();
        var context = new DefaultHttpContext { RequestServices = host.App.Services.CreateScope().ServiceProvider };
        context.Request.Headers.AcceptLanguage = language;
        context.Request.Headers.Accept = "application/json";
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<JsonElement> ReadAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return (await JsonDocument.ParseAsync(context.Response.Body)).RootElement.Clone();
    }
}
