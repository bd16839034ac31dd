using StbImageSharp;
using ZXing;
using ZXing.Common;

namespace CarbonHuitong.Tests.Web;

/// <summary>Reads a ride code back out of the QR image a page renders, as a validator's camera would.</summary>
public static class RideCodeImage
{
    public static string Decode(string dataUri)
    {
        const string prefix = "data:image/png;base64,";
        Assert.StartsWith(prefix, dataUri);
        var image = ImageResult.FromMemory(Convert.FromBase64String(dataUri[prefix.Length..]), ColorComponents.RedGreenBlueAlpha);
        var source = new RGBLuminanceSource(image.Data, image.Width, image.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(source);
        Assert.NotNull(result);
        return result.Text;
    }
}
