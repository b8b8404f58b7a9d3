using System.Text;
using MiniStore.Server.Commands;

namespace MiniStore.Server.Tests;

/// <summary>
/// INCRBYFLOAT's long double arithmetic against answers taken from redis-server 7.0.15 on x86-64 (the differential
/// tests check many more against a live redis-server).
/// </summary>
public sealed class ExtendedFloatTests
{
    [Theory]
    [InlineData("10.5", "0.1", "10.6")]
    [InlineData("2.5", "0.10000000000000001", "2.60000000000000001")]
    [InlineData("10.6", "5.0e3", "5010.60000000000000009")]
    [InlineData("10000000000", "0.1", "10000000000.09999999962747097")]
    [InlineData("0", "-0.000000000000000001", "0")]
    [InlineData("-5", "5", "0")]
    [InlineData("0", "1.5e-17", "0.00000000000000002")]
    [InlineData("0", "2.5e-17", "0.00000000000000002")]
    [InlineData("1", "0.5e-17", "1")]
    [InlineData("18446744073709551615", "1", "18446744073709551616")]
    [InlineData("1e20", "1", "100000000000000000000")]
    [InlineData("0", "0x1p3", "8")]
    [InlineData("0", "0X.8", "0.5")]
    [InlineData("16", "+1.5", "17.5")]
    [InlineData("0", "1e-4950", "0")]
    [InlineData("0", "0x3p-16447", "0")]
    [InlineData("0e-5000", "1.", "1")]
    public void Sum_prints_as_redis_server(string stored, string increment, string expected)
    {
        Assert.True(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(stored), out var a));
        Assert.True(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(increment), out var b));
        var sum = ExtendedFloat.Add(a, b);
        Assert.False(sum.IsInfinite);
        Assert.Equal(expected, Encoding.ASCII.GetString(sum.Format()));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("abc")]
    [InlineData("nan")]
    [InlineData("-NaN")]
    [InlineData(".")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("0x")]
    [InlineData("1e5000")]
    [InlineData("-1e5000")]
    [InlineData("1e-5000")]
    [InlineData("0x1p-16446")]
    [InlineData("1\01")]
    [InlineData("1_0")]
    public void Not_a_float(string text) =>
        Assert.False(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(text), out _));

    [Theory]
    [InlineData("inf", "1")]
    [InlineData("-Infinity", "1")]
    [InlineData("inf", "-inf")]
    [InlineData("1.18973149535723176502e+4932", "1.18973149535723176502e+4932")]
    public void Infinite_sums_are_refused(string stored, string increment)
    {
        Assert.True(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(stored), out var a));
        Assert.True(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(increment), out var b));
        Assert.True(ExtendedFloat.Add(a, b).IsInfinite);
    }

    [Fact]
    public void A_text_of_5120_bytes_or_more_is_not_a_float()
    {
        Assert.True(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(new string('0', 5119)), out _));
        Assert.False(ExtendedFloat.TryParse(Encoding.ASCII.GetBytes(new string('0', 5120)), out _));
    }
}
