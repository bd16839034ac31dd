using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonHuitong.Core;

namespace CarbonHuitong.Tests.Web.Government;

/// <summary>A citizen chooses a district (or none) at registration, on the profile, or through the API; nothing else sets it.</summary>
public sealed class DistrictChoiceTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    [Fact]
    public async Task The_api_sets_reads_and_clears_the_callers_district_and_refuses_a_code_outside_chongqing()
    {
        var client = await _app.BearerCitizenAsync("district.api@example.com");

        var unset = await client.GetFromJsonAsync<JsonElement>("/api/me/district");
        var set = await client.PutAsJsonAsync("/api/me/district", new { districtCode = "500106" });
        var read = await client.GetFromJsonAsync<JsonElement>("/api/me/district");
        var unknown = await client.PutAsJsonAsync("/api/me/district", new { districtCode = "110101" });
        var afterUnknown = await client.GetFromJsonAsync<JsonElement>("/api/me/district");
        var cleared = await client.PutAsJsonAsync("/api/me/district", new { districtCode = (string?)null });

        Assert.Equal(JsonValueKind.Null, unset.GetProperty("districtCode").ValueKind);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("500106", read.GetProperty("districtCode").GetString());
        Assert.Equal("Shapingba District", read.GetProperty("name").GetString());
        await GovernmentAccessTests.AssertProblemAsync(unknown, HttpStatusCode.BadRequest, ErrorCodes.UnknownDistrict);
        Assert.Equal("500106", afterUnknown.GetProperty("districtCode").GetString());
        Assert.Equal(JsonValueKind.Null, (await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("districtCode").ValueKind);
    }

    [Fact]
    public async Task A_citizen_registers_with_a_district_and_changes_it_on_the_profile()
    {
        var browser = _app.CreateBrowser();
        var form = await browser.GetStringAsync("/Account/Register");
        Assert.Contains("<option value=\"500242\">Youyang Tujia and Miao Autonomous County</option>", form);

        var registered = await browser.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(form), ["_handler"] = "register", ["Input.Email"] = "district.form@example.com",
            ["Input.Password"] = "Green-Trip-2026", ["Input.ConfirmPassword"] = "Green-Trip-2026", ["Input.DistrictCode"] = "500103",
            ["Input.AcceptsTerms"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        await CarbonHuitongApp.SignInWithFormAsync(browser, "district.form@example.com");
        var profile = await browser.GetStringAsync("/Account/Manage");
        Assert.Contains("Yuzhong District", profile);

        var changed = await browser.PostAsync("/Account/Manage", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(profile), ["_handler"] = "district", ["Input.DistrictCode"] = "",
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await browser.GetStringAsync("/Account/Manage");
        Assert.Matches("data-testid=\"me-district\"[^>]*>[^<]*Not given", after);
    }

    [Fact]
    public async Task A_tampered_registration_with_an_unknown_district_makes_no_account()
    {
        var browser = _app.CreateBrowser();
        var form = await browser.GetStringAsync("/Account/Register");

        var response = await browser.PostAsync("/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(form), ["_handler"] = "register", ["Input.Email"] = "district.tampered@example.com",
            ["Input.Password"] = "Green-Trip-2026", ["Input.ConfirmPassword"] = "Green-Trip-2026", ["Input.DistrictCode"] = "999999",
            ["Input.AcceptsTerms"] = "true",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose a district or county from the list.", await response.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.OK, (await _app.CreateClient().PostAsJsonAsync("/api/auth/login",
            new { email = "district.tampered@example.com", password = "Green-Trip-2026" })).StatusCode);
    }

    [Fact]
    public async Task The_profile_offers_the_districts_in_chinese_to_a_chinese_reader()
    {
        var browser = await _app.SignedInBrowserAsync("district.zh@example.com");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Manage");
        request.Headers.AcceptLanguage.Clear();
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");

        var page = await (await browser.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("<option value=\"500103\">渝中区</option>", page);
        Assert.Contains("未填写", page);
    }

    private static string TokenOf(string form) => Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
