using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace CarbonHuitong.Tests.Web;

/// <summary>The portal can be added to a phone's home screen: a manifest in the reader's language, with its icons.</summary>
public sealed class WebAppManifestTests(BadInputHttpTests.Host host) : IClassFixture<BadInputHttpTests.Host>
{
    [Theory]
    [InlineData("en", "Carbon Huitong")]
    [InlineData("zh-CN", "碳惠通")]
    public async Task The_manifest_is_served_as_a_manifest_named_in_the_readers_language_standalone_in_the_brand_colour(string language, string name)
    {
        var client = host.App.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await client.GetAsync("/manifest.webmanifest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = manifest.RootElement;
        Assert.Equal((name, name, language), (root.GetProperty("name").GetString(), root.GetProperty("short_name").GetString(), root.GetProperty("lang").GetString()));
        Assert.Equal(("/", "/", "standalone"), (root.GetProperty("start_url").GetString(), root.GetProperty("scope").GetString(), root.GetProperty("display").GetString()));
        Assert.Equal("#146c3f", root.GetProperty("theme_color").GetString());
        var icons = root.GetProperty("icons").EnumerateArray()
            .Select(i => (Sizes: i.GetProperty("sizes").GetString(), Type: i.GetProperty("type").GetString(), Purpose: i.GetProperty("purpose").GetString())).ToList();
        Assert.Contains(("192x192", "image/png", "any"), icons);
        Assert.Contains(("512x512", "image/png", "any"), icons);
        Assert.Contains(("512x512", "image/png", "maskable"), icons);
    }

    [Fact]
    public async Task Every_icon_the_manifest_names_is_served_as_a_png_of_its_stated_size()
    {
        var client = host.App.CreateClient();
        using var manifest = JsonDocument.Parse(await client.GetStringAsync("/manifest.webmanifest"));

        foreach (var icon in manifest.RootElement.GetProperty("icons").EnumerateArray())
        {
            var response = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var png = await response.Content.ReadAsByteArrayAsync();
            // The PNG signature, then the IHDR chunk's width and height (big-endian) at bytes 16 and 20.
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            var size = $"{BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))}x{BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))}";
            Assert.Equal(icon.GetProperty("sizes").GetString(), size);
        }
    }

    [Fact]
    public async Task Every_page_links_the_manifest_the_theme_colour_and_a_home_screen_icon()
    {
        var page = await host.App.CreateBrowser().GetStringAsync("/methodology");

        Assert.Contains("<link rel=\"manifest\" href=\"manifest.webmanifest\"", page);
        Assert.Contains("<meta name=\"theme-color\" content=\"#146c3f\"", page);
        Assert.Contains("rel=\"apple-touch-icon\"", page);
    }
}
