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

    [Fact]
    public void AddShared_keeps_the_array_and_counts_its_size()
    {
        var set = new SetValue();
        var member = "shared"u8.ToArray();
        var growth = set.GrowthOf(member);
        Assert.True(set.AddShared(member));
        Assert.False(set.AddShared("shared"u8.ToArray()));
        Assert.Same(member, set[0]);
        Assert.Equal(growth, set.SizeBytes);
        Assert.True(set.Contains("shared"u8));
    }

    [Fact]
    public void RemoveAt_returns_the_member_and_moves_the_last_into_its_place()
    {
        var set = new SetValue();
        set.Add("a"u8);
        set.Add("b"u8);
        set.Add("c"u8);
        var size = set.SizeBytes;
        var removed = set.RemoveAt(0);
        Assert.Equal("a"u8.ToArray(), removed);
        Assert.Equal(2, set.Count);
        Assert.Equal("c"u8.ToArray(), set[0]);
        Assert.False(set.Contains("a"u8));
        Assert.Equal(size - set.GrowthOf("a"u8), set.SizeBytes);
        Assert.Equal("b"u8.ToArray(), set.RemoveAt(1));
        Assert.Equal("c"u8.ToArray(), set.RemoveAt(0));
        Assert.Equal(0, set.Count);
        Assert.Equal(0, set.SizeBytes);
    }
}
