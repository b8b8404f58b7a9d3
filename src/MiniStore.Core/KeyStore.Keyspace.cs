namespace MiniStore.Core;

/// <summary>Operations on keys of any type: TTL, DEL, and visiting the keyspace (SCAN, KEYS, RANDOMKEY).</summary>
public sealed partial class KeyStore
{
    // SCAN cursors are positions in the 32-bit ShardHash space; shards own consecutive ranges of it.
    private const ulong ScanEnd = 1UL << 32;
    private const int MaxShardsPerScanCall = 64;

    /// <summary>Milliseconds left: -2 if the key does not exist, -1 if it has no expiry.</summary>
    public long TimeToLiveMs(ReadOnlySpan<byte> key)
    {
        if (!TryGetLive(ShardOf(key), key, out var entry))
        {
            return -2;
        }

        var deadline = Entry.DeadlineOf(entry);
        return deadline == NoDeadline ? -1 : Math.Max(0, deadline - _clock.NowMs);
    }

    /// <summary>Removes a live key of any type; true if it was there.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        using var slot = Open(key);
        if (!slot.Exists)
        {
            return false;
        }

        slot.Delete();
        return true;
    }

    /// <summary>
    /// One SCAN step: adds about <paramref name="count"/> keys to <paramref name="keys"/> and returns the cursor to pass
    /// next, 0 when the scan is complete (0 also starts one). Every key present for the whole scan is returned at least
    /// once, whatever is written meanwhile and however the shards grow: the cursor is a position in the keys' hash order
    /// (ShardHash, which also picks the shard), each step returns every key of its shard whose hash lies between the
    /// cursor and the step's cutoff, and the next step starts after the cutoff. A key may be returned twice only if it
    /// was deleted and added again. Keys past their deadline are left out.
    /// </summary>
    public ulong Scan(ulong cursor, int count, List<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var wanted = Math.Max(1, count);
        var position = cursor;
        var now = _clock.NowMs;
        for (var visited = 0; position < ScanEnd && visited < MaxShardsPerScanCall;)
        {
            var index = (int)(position >> _shardShift);
            var shard = _shards[index];
            var shardEnd = ((ulong)index + 1) << _shardShift;
            if (shard.Keys == 0)
            {
                // Empty shards cost nothing to pass, so they do not count against the step's budget.
                position = shardEnd;
                continue;
            }

            visited++;
            var cutoff = ScanCutoff(shard, position, wanted, out var rest);
            if (rest)
            {
                cutoff = shardEnd - 1;
            }

            foreach (var (key, entry) in shard.Map)
            {
                var hash = ShardHash.Of(key);
                if (hash >= position && hash <= cutoff && !Entry.IsExpired(entry, now))
                {
                    keys.Add(key);
                    wanted--;
                }
            }

            position = cutoff + 1;
            if (!rest || wanted <= 0)
            {
                break;
            }
        }

        return position >= ScanEnd ? 0 : position;
    }

    /// <summary>Every live key, shard by shard (KEYS). Keys written during the walk may or may not be seen.</summary>
    public IEnumerable<byte[]> LiveKeys()
    {
        foreach (var shard in _shards)
        {
            var now = _clock.NowMs;
            foreach (var (key, entry) in shard.Map)
            {
                if (!Entry.IsExpired(entry, now))
                {
                    yield return key;
                }
            }
        }
    }

    /// <summary>A key picked at random (RANDOMKEY), or null when the store is empty.</summary>
    public byte[]? RandomKey()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var start = Random.Shared.Next(_shards.Length);
            for (var i = 0; i < _shards.Length; i++)
            {
                var shard = _shards[(start + i) & (_shards.Length - 1)];
                var keys = shard.Keys;
                if (keys <= 0)
                {
                    continue;
                }

                var skip = Random.Shared.NextInt64(keys);
                foreach (var (key, entry) in shard.Map)
                {
                    if (skip-- > 0)
                    {
                        continue;
                    }

                    if (TryGetLive(shard, key, out _))
                    {
                        return key;
                    }

                    break;
                }

                break;
            }
        }

        return null;
    }

    /// <summary>
    /// The hash of the <paramref name="wanted"/>-th smallest key hash at or after <paramref name="position"/> in the shard,
    /// found with a max-heap of that many hashes; <paramref name="rest"/> is true when the shard has no more than that.
    /// </summary>
    private static ulong ScanCutoff(Shard shard, ulong position, int wanted, out bool rest)
    {
        var largest = new PriorityQueue<uint, uint>(Math.Min(wanted, 1024), LargestFirst.Instance);
        foreach (var key in shard.Map.Keys)
        {
            var hash = ShardHash.Of(key);
            if (hash < position)
            {
                continue;
            }

            if (largest.Count < wanted)
            {
                largest.Enqueue(hash, hash);
            }
            else if (hash < largest.Peek())
            {
                largest.DequeueEnqueue(hash, hash);
            }
        }

        rest = largest.Count < wanted;
        return rest ? 0 : largest.Peek();
    }

    private sealed class LargestFirst : IComparer<uint>
    {
        public static readonly LargestFirst Instance = new();

        public int Compare(uint x, uint y) => y.CompareTo(x);
    }
}
