using System.Text;

namespace MiniStore.Core.Tests;

/// <summary>Redis's glob rules; the expected answers are what redis-server 7.0's KEYS gives for the same pattern and key.</summary>
public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[b-a]llo", "hbllo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("a\\", "a\\", true)]
    [InlineData("[", "[", false)]
    [InlineData("[^", "x", true)]
    [InlineData("[ab", "b", true)]
    [InlineData("[a-]", "]", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("*a*b*c*", "xxaxxbxxcxx", true)]
    [InlineData("*a*b*c*", "xxaxxcxxbxx", false)]
    [InlineData("a*", "b", false)]
    [InlineData("*?", "", false)]
    public void Matches_as_redis_server_does(string pattern, string text, bool expected) =>
        Assert.Equal(expected, GlobPattern.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Ignoring_case_covers_literals_and_ranges()
    {
        Assert.True(GlobPattern.IsMatch("HELLO"u8, "hello"u8, ignoreCase: true));
        Assert.True(GlobPattern.IsMatch("[A-C]x"u8, "bX"u8, ignoreCase: true));
        Assert.False(GlobPattern.IsMatch("HELLO"u8, "hello"u8));
    }

    [Fact]
    public void A_pathological_pattern_stays_linear_enough()
    {
        var text = Enumerable.Repeat((byte)'a', 10_000).ToArray();
        var pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*a", 30)) + "b");
        Assert.False(GlobPattern.IsMatch(pattern, text));
    }
}
