using CarbonHuitong.Core;
using CarbonHuitong.Core.Mall;

namespace CarbonHuitong.Tests.Mall;

public sealed class FenTests
{
    [Theory]
    [InlineData(200, "¥2.00")]
    [InlineData(5, "¥0.05")]
    [InlineData(123_450, "¥1,234.50")]
    public void Fen_format_as_yuan_with_two_decimals(long fen, string shown)
    {
        Assert.Equal(shown, new Fen(fen).ToString());
    }

    [Fact]
    public void Two_yuan_fifty_is_250_fen()
    {
        Assert.Equal(new Fen(250), Fen.FromYuan(2.5m));
    }

    [Fact]
    public void An_amount_of_yuan_with_three_decimals_is_refused_with_invalid_amount()
    {
        var refusal = Assert.Throws<DomainException>(() => Fen.FromYuan(2.005m));

        Assert.Equal(ErrorCodes.InvalidAmount, refusal.Code);
    }
}
