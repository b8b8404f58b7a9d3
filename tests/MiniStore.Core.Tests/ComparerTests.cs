namespace MiniStore.Core.Tests;

public sealed class ComparerTests
{
    private static readonly ByteKeyComparer Comparer = ByteKeyComparer.Instance;

    [Fact]
    public void Instance_IsASingleton()
    {
        Assert.Same(ByteKeyComparer.Instance, ByteKeyComparer.Instance);
    }

    [Theory]
    [InlineData(new byte[0], new byte[0], true)]
    [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3 }, true)]
    [InlineData(new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 4 }, false)]
    [InlineData(new byte[] { 1, 2 }, new byte[] { 1, 2, 0 }, false)]
    [InlineData(new byte[] { 0 }, new byte[0], false)]
    [InlineData(new byte[] { 0xFF }, new byte[] { 0x7F }, false)]
    [InlineData(new byte[] { (byte)'A' }, new byte[] { (byte)'a' }, false)]
    public void Equals_ComparesBytes_ArrayAndSpanAgree(byte[] x, byte[] y, bool expected)
    {
        Assert.Equal(expected, Comparer.Equals(x, y));
        Assert.Equal(expected, Comparer.Equals(y, x));
        Assert.Equal(expected, Comparer.Equals((ReadOnlySpan<byte>)x, y));
        Assert.Equal(expected, Comparer.Equals((ReadOnlySpan<byte>)y, x));
    }

    [Fact]
    public void Equals_HandlesNullsAndSameReference()
    {
        var key = new byte[] { 1 };

        Assert.True(Comparer.Equals(null, null));
        Assert.False(Comparer.Equals(key, null));
        Assert.False(Comparer.Equals(null, key));
        Assert.True(Comparer.Equals(key, key));
    }

    [Fact]
    public void HashCode_OfSpanAndArray_Agree_ForEveryLengthUpTo64()
    {
        var random = new Random(7);
        for (var length = 0; length <= 64; length++)
        {
            var key = new byte[length];
            random.NextBytes(key);

            Assert.Equal(Comparer.GetHashCode(key), Comparer.GetHashCode((ReadOnlySpan<byte>)key));
            Assert.Equal(Comparer.GetHashCode(key), Comparer.GetHashCode(key.ToArray()));
        }
    }

    [Fact]
    public void HashCode_SpreadsSequentialKeys()
    {
        var hashes = new HashSet<int>();
        for (var i = 0; i < 100_000; i++)
        {
            hashes.Add(Comparer.GetHashCode(System.Text.Encoding.ASCII.GetBytes($"key:{i:D8}")));
        }

        // A 32-bit hash of 100,000 keys collides a handful of times at most (birthday bound ~1.2).
        Assert.True(hashes.Count > 99_990, $"only {hashes.Count} distinct hashes");
    }

    [Fact]
    public void Create_CopiesTheSpan()
    {
        var source = new byte[] { 1, 2, 3 };

        var created = Comparer.Create(source);
        source[0] = 9;

        Assert.Equal(new byte[] { 1, 2, 3 }, created);
    }
}
