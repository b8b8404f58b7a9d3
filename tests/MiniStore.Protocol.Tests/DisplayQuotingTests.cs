namespace MiniStore.Protocol.Tests;

/// <summary>Redis's display quoting (MONITOR lines, redis-cli output).</summary>
public sealed class DisplayQuotingTests
{
    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("hello world", "\"hello world\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("\n\r\t\a\b", "\"\\n\\r\\t\\a\\b\"")]
    [InlineData("\0\x01\x7f", "\"\\x00\\x01\\x7f\"")]
    public void Quote_EscapesAsRedisDoes(string value, string expected)
    {
        Assert.Equal(expected, DisplayQuoting.Quote(System.Text.Encoding.Latin1.GetBytes(value)));
    }

    [Fact]
    public void Quote_BytesAboveAscii_AreHex()
    {
        Assert.Equal("\"\\xc3\\xa9\"", DisplayQuoting.Quote([0xC3, 0xA9]));
    }
}
