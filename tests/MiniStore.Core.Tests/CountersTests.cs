namespace MiniStore.Core.Tests;

/// <summary>Keys, KeysWithExpiry, ExpiredKeys and UsedBytes (key + value + <see cref="Entry.Overhead"/>).</summary>
public sealed class CountersTests : StoreTestBase
{
    [Fact]
    public void EmptyStore_HasZeroCounters()
    {
        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
    }

    [Fact]
    public void Add_CountsKeyAndBytes()
    {
        Set("key"u8.ToArray(), "value"u8.ToArray());
        SetPx("k2"u8.ToArray(), new byte[100], 1000);

        Assert.Equal(
            new StoreStats(2, 1, 0, Entry.SizeOf(3, 5) + Entry.SizeOf(2, 100)),
            Store.GetStats());
    }

    [Fact]
    public void SizeOf_IsKeyPlusValuePlusOverhead()
    {
        Assert.Equal(12 + 32 + Entry.Overhead, Entry.SizeOf(12, 32));
        Assert.Equal(Entry.Overhead, Entry.SizeOf(0, 0));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(10, 1000)]
    [InlineData(1000, 0)]
    public void Overwrite_AdjustsBytesByTheValueSizeChange(int before, int after)
    {
        Set("k"u8.ToArray(), new byte[before]);

        Set("k"u8.ToArray(), new byte[after]);

        var stats = Store.GetStats();
        Assert.Equal(1, stats.Keys);
        Assert.Equal(Entry.SizeOf(1, after), stats.UsedBytes);
    }

    [Fact]
    public void ConditionNotMet_ChangesNoCounter()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());
        var before = Store.GetStats();

        Store.Set("k"u8, new byte[500], new SetOptions(SetCondition.IfAbsent, ExpiryMode.After, 100));
        Store.Set("other"u8, new byte[500], new SetOptions(SetCondition.IfPresent, ExpiryMode.After, 100));

        Assert.Equal(before, Store.GetStats());
    }

    [Fact]
    public void KeysWithExpiry_FollowsTtlAddAndRemove()
    {
        Set("k"u8.ToArray(), "v"u8.ToArray());
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);

        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);

        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 2000);
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);

        Store.Set("k"u8, "v"u8, new SetOptions(Expiry: ExpiryMode.Keep));
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);

        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.Persist, 0, out _);
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);

        Store.GetAndUpdateExpiry("k"u8, GetExpiryChange.ExpireAfter, 500, out _);
        Assert.Equal(1, Store.GetStats().KeysWithExpiry);

        Set("k"u8.ToArray(), "v"u8.ToArray());
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);

        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 1000);
        Store.Delete("k"u8);
        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
    }

    [Fact]
    public void Delete_ReturnsTheBytes()
    {
        Set("a"u8.ToArray(), new byte[10]);
        SetPx("b"u8.ToArray(), new byte[20], 1000);

        Store.Delete("a"u8);

        Assert.Equal(new StoreStats(1, 1, 0, Entry.SizeOf(1, 20)), Store.GetStats());
    }

    [Fact]
    public void Expiry_MovesAKeyFromKeysToExpiredKeys()
    {
        SetPx("a"u8.ToArray(), new byte[10], 100);
        Set("b"u8.ToArray(), new byte[20]);

        Advance(100);

        Assert.Equal(new StoreStats(1, 0, 1, Entry.SizeOf(1, 20)), Store.GetStats());
    }

    [Fact]
    public void ExpiredKeys_AccumulatesAcrossFlushes()
    {
        SetPx("a"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);
        Store.FlushAll();
        SetPx("a"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);

        Assert.Equal(2, Store.GetStats().ExpiredKeys);
    }

    [Fact]
    public void RandomOperations_CountersMatchContents()
    {
        var random = new Random(1234);
        var keys = Enumerable.Range(0, 200).Select(i => BitConverter.GetBytes(i)).ToArray();
        for (var step = 0; step < 20_000; step++)
        {
            var key = keys[random.Next(keys.Length)];
            switch (random.Next(8))
            {
                case 0:
                    Store.Delete(key);
                    break;
                case 1:
                    Store.GetAndUpdateExpiry(key, GetExpiryChange.Persist, 0, out _);
                    break;
                case 2:
                    Store.GetAndUpdateExpiry(key, GetExpiryChange.ExpireAfter, random.Next(1, 300), out _);
                    break;
                case 3:
                    Advance(random.Next(0, 5));
                    break;
                default:
                    var options = new SetOptions(
                        (SetCondition)random.Next(3),
                        (ExpiryMode)random.Next(3),
                        random.Next(1, 300),
                        random.Next(2) == 0);
                    Store.Set(key, new byte[random.Next(0, 64)], options);
                    break;
            }
        }

        Assertions.CountersMatchContents(Store, keys);
    }
}
