using System.Text;

namespace MiniStore.Protocol.Tests;

/// <summary>Scores as redis-server 7.0 writes (<c>%.17g</c>) and reads (<c>strtod</c> plus Redis's checks) them.</summary>
public sealed class FloatTextTests
{
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(3.0, "3")]
    [InlineData(0.1, "0.10000000000000001")]
    [InlineData(1e300, "1.0000000000000001e+300")]
    [InlineData(1e-5, "1.0000000000000001e-05")]
    [InlineData(1e17, "1e+17")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(123456789012345678.0, "1.2345678901234568e+17")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Formats_as_percent_17g(double value, string expected) => Assert.Equal(expected, FloatText.ToText(value));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+5", 5.0)]
    [InlineData("-1e3", -1000.0)]
    [InlineData("0x10", 16.0)]
    [InlineData("0x1.8p1", 3.0)]
    [InlineData("0X1A", 26.0)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+INF", double.PositiveInfinity)]
    [InlineData("-infinity", double.NegativeInfinity)]
    [InlineData("1e-310", 1e-310)]
    public void Parses_what_redis_accepts(string text, double expected)
    {
        Assert.True(FloatText.TryParse(Encoding.ASCII.GetBytes(text), out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("abc")]
    [InlineData("nan")]
    [InlineData("1e400")]
    [InlineData("1e-400")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData("1_0")]
    [InlineData("1.5f")]
    [InlineData("(1")]
    public void Refuses_what_redis_refuses(string text) => Assert.False(FloatText.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("", 0.0, true)]
    [InlineData(" 1", 1.0, true)]
    [InlineData("1e400", double.PositiveInfinity, true)]
    [InlineData("-inf", double.NegativeInfinity, true)]
    [InlineData("1e", 0.0, false)]
    [InlineData("nan", 0.0, false)]
    [InlineData("-", 0.0, false)]
    [InlineData("(1", 0.0, false)]
    public void Range_bounds_follow_strtod(string text, double expected, bool ok)
    {
        Assert.Equal(ok, FloatText.TryParseBound(Encoding.ASCII.GetBytes(text), out var value));
        if (ok)
        {
            Assert.Equal(expected, value);
        }
    }
}
