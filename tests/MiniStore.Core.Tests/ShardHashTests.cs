using System.Text;

namespace MiniStore.Core.Tests;

/// <summary>The shard choice must spread keys evenly, whatever part of the key varies.</summary>
public sealed class ShardHashTests
{
    private const int Shards = 16;
    private const int Shift = 28;

    [Fact]
    public void SameBytes_SameHash()
    {
        var key = "key:00000042"u8.ToArray();

        Assert.Equal(ShardHash.Of(key), ShardHash.Of(key.ToArray()));
        Assert.Equal(ShardHash.Of(key), ShardHash.Of("key:00000042"u8));
    }

    [Fact]
    public void LengthCounts_RunsOfZerosDiffer()
    {
        var hashes = Enumerable.Range(0, 65).Select(n => ShardHash.Of(new byte[n])).ToHashSet();

        Assert.Equal(65, hashes.Count);
    }

    [Fact]
    public void SequentialKeys_VaryingAtTheEnd_SpreadEvenly()
    {
        AssertEven(Enumerable.Range(0, 100_000).Select(i => Encoding.ASCII.GetBytes($"key:{i:D8}")));
    }

    [Fact]
    public void Keys_VaryingAtTheStart_SpreadEvenly()
    {
        AssertEven(Enumerable.Range(0, 100_000).Select(i => Encoding.ASCII.GetBytes($"{i:D8}:a-common-suffix-of-some-length")));
    }

    [Fact]
    public void Keys_VaryingInTheMiddle_SpreadEvenly()
    {
        AssertEven(Enumerable.Range(0, 100_000).Select(i => Encoding.ASCII.GetBytes($"user:{i}:profile")));
    }

    [Fact]
    public void TwoByteKeys_SpreadEvenly()
    {
        AssertEven(Enumerable.Range(0, 65_536).Select(i => new[] { (byte)i, (byte)(i >> 8) }));
    }

    [Fact]
    public void KeysOfEveryLength_VaryingInEveryPosition_SpreadEvenly()
    {
        var keys = new List<byte[]>();
        for (var length = 1; length <= 40; length++)
        {
            for (var position = 0; position < length; position++)
            {
                for (var b = 0; b < 256; b++)
                {
                    var key = new byte[length];
                    key[position] = (byte)b;
                    keys.Add(key);
                }
            }
        }

        AssertEven(keys);
    }

    private static void AssertEven(IEnumerable<byte[]> keys)
    {
        var counts = new int[Shards];
        var total = 0;
        foreach (var key in keys)
        {
            counts[ShardHash.Of(key) >> Shift]++;
            total++;
        }

        // For tens of thousands of keys a fair spread is within a few percent; 10% is many standard deviations.
        var expected = total / (double)Shards;
        Assert.All(counts, c => Assert.InRange(c, expected * 0.9, expected * 1.1));
    }
}
