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
        // The page draws a clean code, so it is read module by module first (as a validator's decoder does with a
        // sharp image); the general binarizer, which misread some codes now and then, is only the fallback.
        var result = Reader(pure: true).Decode(source) ?? Reader(pure: false).Decode(source);
        Assert.NotNull(result);
        return result.Text;
    }

    private static BarcodeReaderGeneric Reader(bool pure) => new()
    {
        Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true, PureBarcode = pure },
    };
}
