using System.Net.Http.Json;
using System.Text.Json;
using CarbonHuitong.Core;
using CarbonHuitong.Tests.Support;
using CarbonHuitong.Tests.Web;

namespace CarbonHuitong.Tests.Bilingual;

/// <summary><c>GET /api/mall/items</c> answers in the request's language and says which language each text is in.</summary>
public sealed class BilingualMallApiTests : IAsyncLifetime
{
    private readonly CarbonHuitongApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("zh-CN,zh;q=0.9", "2元公交券", "zh-CN", "下次乘车时抵扣车费。", "Metro day pass", "en")]
    [InlineData("en-US,en;q=0.9", "2-yuan bus coupon", "en", "Taken off your next fare.", "Metro day pass", "en")]
    public async Task The_shelf_answers_in_the_requests_language_and_names_the_language_it_fell_back_to(string acceptLanguage,
        string bilingualTitle, string bilingualLanguage, string bilingualDescription, string englishOnlyTitle, string englishOnlyLanguage)
    {
        var client = _app.CreateClient();
        await new MallBuilder().Priced(20m)
            .Titled(BilingualText.Of("2元公交券", "2-yuan bus coupon"), BilingualText.Of("下次乘车时抵扣车费。", "Taken off your next fare."))
            .BuildAsync(_app.Database, TimeProvider.System);
        await new MallBuilder().Priced(30m).Titled(BilingualText.Of(null, "Metro day pass"), BilingualText.Of(null, "Every line, all day."))
            .BuildAsync(_app.Database, TimeProvider.System);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);

        var shelf = (await client.GetFromJsonAsync<JsonElement>("/api/mall/items")).EnumerateArray().ToList();

        Assert.Equal((bilingualTitle, bilingualLanguage, bilingualDescription, bilingualLanguage),
            (shelf[0].GetProperty("title").GetString(), shelf[0].GetProperty("titleLanguage").GetString(),
                shelf[0].GetProperty("description").GetString(), shelf[0].GetProperty("descriptionLanguage").GetString()));
        Assert.Equal((englishOnlyTitle, englishOnlyLanguage),
            (shelf[1].GetProperty("title").GetString(), shelf[1].GetProperty("titleLanguage").GetString()));
    }

    [Fact]
    public async Task The_culture_cookie_chooses_the_language_before_the_browsers()
    {
        var client = _app.CreateClient();
        await new MallBuilder().Titled(BilingualText.Of("2元公交券", "2-yuan bus coupon")).BuildAsync(_app.Database, TimeProvider.System);
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.Add("Accept-Language", "zh-CN");
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");

        var item = (await client.GetFromJsonAsync<JsonElement>("/api/mall/items")).EnumerateArray().Single();

        Assert.Equal(("2-yuan bus coupon", "en"), (item.GetProperty("title").GetString(), item.GetProperty("titleLanguage").GetString()));
    }
}
