namespace MiniStore.Core.Tests;

public sealed class SetValueTests
{
    [Fact]
    public void Add_remove_contains_and_size_stay_consistent()
    {
        var set = new SetValue();
        Assert.True(set.Add("a"u8));
        Assert.True(set.Add("b"u8));
        Assert.True(set.Add("c"u8));
        Assert.False(set.Add("b"u8));
        Assert.Equal(3, set.Count);
        var full = set.SizeBytes;
        Assert.Equal(0, set.GrowthOf("a"u8));
        Assert.True(set.Remove("a"u8));
        Assert.False(set.Remove("a"u8));
        Assert.False(set.Contains("a"u8));
        Assert.True(set.Contains("c"u8));
        Assert.Equal(2, set.Count);
        Assert.Equal(full - set.GrowthOf("a"u8), set.SizeBytes);
        var members = Enumerable.Range(0, set.Count).Select(i => System.Text.Encoding.ASCII.GetString(set[i])).Order().ToArray();
        Assert.Equal(["b", "c"], members);
        Assert.True(set.Remove("b"u8));
        Assert.True(set.Remove("c"u8));
        Assert.Equal(0, set.SizeBytes);
    }

    [Fact]
    public void Clone_is_independent()
    {
        var set = new SetValue();
        set.Add("x"u8);
        var copy = (SetValue)set.Clone();
        copy.Add("y"u8);
        Assert.Equal(1, set.Count);
        Assert.Equal(2, copy.Count);
        Assert.True(copy.Contains("x"u8));
        Assert.Equal(set.SizeBytes + set.SizeBytes, copy.SizeBytes);
    }
}
