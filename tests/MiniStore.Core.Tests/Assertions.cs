namespace MiniStore.Core.Tests;

internal static class Assertions
{
    /// <summary>
    /// Recomputes the counters from what the store returns for every key it may hold, and compares them with
    /// what it reports. Run only when no writer is active.
    /// </summary>
    public static void CountersMatchContents(KeyStore store, IEnumerable<byte[]> universe)
    {
        long keys = 0, withExpiry = 0, bytes = 0;
        foreach (var key in universe)
        {
            var value = store.GetBytes(key);
            if (value is null)
            {
                continue;
            }

            keys++;
            bytes += Entry.SizeOf(key.Length, value.Length);
            if (store.TimeToLiveMs(key) >= 0)
            {
                withExpiry++;
            }
        }

        var stats = store.GetStats();
        Assert.Equal(keys, stats.Keys);
        Assert.Equal(withExpiry, stats.KeysWithExpiry);
        Assert.Equal(bytes, stats.UsedBytes);
        Assert.Equal(keys, store.Count());
    }
}
