using System.Text;

namespace MiniStore.Core.Tests;

/// <summary><see cref="HashValue"/>: fields, positions, incremental size, cloning, and a hash as a key of the store.</summary>
public sealed class HashValueTests : StoreTestBase
{
    [Fact]
    public void Set_get_remove_and_size_stay_consistent()
    {
        var hash = new HashValue();
        Assert.Equal(0, hash.SizeBytes);
        var growthA = hash.GrowthOf("a"u8, 1);
        Assert.True(hash.Set("a"u8, "1"u8));
        Assert.Equal(growthA, hash.SizeBytes);
        Assert.True(hash.Set("b"u8, "22"u8));
        Assert.False(hash.Set("a"u8, "111"u8));
        Assert.Equal(2, hash.Count);
        Assert.Equal("111"u8.ToArray(), hash.Get("a"u8));
        Assert.Null(hash.Get("z"u8));
        Assert.True(hash.Contains("b"u8));
        Assert.False(hash.Contains("z"u8));

        // Replacing a value moves the size by the difference only; a shorter value needs no room.
        var overhead = growthA - 2;
        Assert.Equal((1 + 3 + overhead) + (1 + 2 + overhead), hash.SizeBytes);
        Assert.Equal(2, hash.GrowthOf("a"u8, 5));
        Assert.Equal(0, hash.GrowthOf("a"u8, 1));
        var before = hash.SizeBytes;
        Assert.False(hash.Set("a"u8, "1"u8));
        Assert.Equal(before - 2, hash.SizeBytes);

        Assert.True(hash.Remove("a"u8));
        Assert.False(hash.Remove("a"u8));
        Assert.Equal(1, hash.Count);
        Assert.True(hash.Remove("b"u8));
        Assert.Equal(0, hash.Count);
        Assert.Equal(0, hash.SizeBytes);
    }

    [Fact]
    public void Positions_cover_every_field_once_after_removals()
    {
        var hash = new HashValue();
        for (var i = 0; i < 50; i++)
        {
            hash.Set(Encoding.ASCII.GetBytes($"f{i}"), Encoding.ASCII.GetBytes($"v{i}"));
        }

        for (var i = 0; i < 50; i += 3)
        {
            Assert.True(hash.Remove(Encoding.ASCII.GetBytes($"f{i}")));
        }

        var expected = Enumerable.Range(0, 50).Where(i => i % 3 != 0).Select(i => $"f{i}=v{i}").Order(StringComparer.Ordinal);
        var actual = Enumerable.Range(0, hash.Count)
            .Select(i => $"{Encoding.ASCII.GetString(hash[i].Key)}={Encoding.ASCII.GetString(hash[i].Value)}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
        Assert.Equal(hash.Count, hash.Fields.Count);
        foreach (var (field, value) in hash.Fields)
        {
            Assert.Equal(value, hash.Get(field));
        }
    }

    [Fact]
    public void Clone_is_independent()
    {
        var hash = new HashValue();
        hash.Set("x"u8, "1"u8);
        var copy = (HashValue)hash.Clone();
        Assert.Equal(hash.SizeBytes, copy.SizeBytes);
        copy.Set("y"u8, "2"u8);
        copy.Set("x"u8, "changed"u8);
        Assert.Equal(1, hash.Count);
        Assert.Equal("1"u8.ToArray(), hash.Get("x"u8));
        Assert.Equal(2, copy.Count);
        Assert.Equal("changed"u8.ToArray(), copy.Get("x"u8));
        Assert.True(copy.SizeBytes > hash.SizeBytes);
    }

    [Fact]
    public void A_hash_in_the_store_follows_its_size_and_expires_with_its_key()
    {
        using (var slot = Store.Open("h"u8))
        {
            Assert.True(slot.TryGetOrCreate<HashValue>(out var hash));
            Assert.True(slot.TryReserve(hash.GrowthOf("f"u8, 100)));
            hash.Set("f"u8, new byte[100]);
            slot.MarkModified();
        }

        var used = Store.UsedBytes;
        Assert.True(used > 100);
        using (var slot = Store.Open("h"u8))
        {
            slot.Collection<HashValue>()!.Set("f"u8, new byte[10]);
            slot.MarkModified();
            slot.SetDeadline(Store.NowMs + 1000);
        }

        Assert.Equal(used - 90, Store.UsedBytes);
        Advance(999);
        Assert.True(Store.Exists("h"u8));
        Advance(1);
        Assert.False(Store.Exists("h"u8));
        Assert.Equal(0, Store.UsedBytes);
    }

    [Fact]
    public void A_small_hash_keeps_insertion_order_through_removals_as_redis_listpack_does()
    {
        // redis-server 7: HSET h f1 v1 f2 v2 f3 v3 f4 v4; HDEL h f2; HSET h f2 again; HKEYS h -> f1 f3 f4 f2.
        var hash = new HashValue();
        foreach (var field in new[] { "f1", "f2", "f3", "f4" })
        {
            hash.Set(Encoding.ASCII.GetBytes(field), "v"u8);
        }

        Assert.True(hash.Remove("f2"u8));
        hash.Set("f2"u8, "again"u8);
        Assert.Equal(["f1", "f3", "f4", "f2"], hash.Fields.Select(f => Encoding.ASCII.GetString(f.Key)));
        Assert.Equal("again"u8.ToArray(), hash.Get("f2"u8));
        Assert.Equal("v"u8.ToArray(), hash.Get("f4"u8));
    }

    [Fact]
    public void Removal_keeps_every_position_right_in_small_and_large_hashes()
    {
        foreach (var size in new[] { 10, 600 })
        {
            var hash = new HashValue();
            for (var i = 0; i < size; i++)
            {
                hash.Set(Encoding.ASCII.GetBytes($"f{i}"), Encoding.ASCII.GetBytes($"v{i}"));
            }

            for (var i = 0; i < size; i += 3)
            {
                Assert.True(hash.Remove(Encoding.ASCII.GetBytes($"f{i}")));
            }

            for (var index = 0; index < hash.Count; index++)
            {
                var (field, value) = hash[index];
                Assert.Equal(value, hash.Get(field));
            }

            Assert.Equal(size - ((size + 2) / 3), hash.Count);
        }
    }
}
