namespace MiniStore.Core;

/// <summary>
/// Picks eviction candidates from one shard the way Redis does: look at a small sample, evict the best of
/// it. A <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/> has no random access,
/// so the sample comes from a cursor that sweeps the shard and wraps around (its enumerator tolerates
/// concurrent writes), started at a random offset so different shards and runs do not favour the same keys.
/// </summary>
internal sealed class EvictionSampler(Shard shard)
{
    public const int SampleSize = 5;

    private readonly Lock _gate = new();
    private IEnumerator<KeyValuePair<byte[], object>>? _cursor;

    /// <summary>
    /// Samples a handful of keys the policy may evict (never <paramref name="exclude"/>) and offers each to
    /// <paramref name="pool"/>; allkeys-random takes the first instead. False when the shard has no such key.
    /// </summary>
    public bool Sample(EvictionPolicy policy, ReadOnlySpan<byte> exclude, EvictionPool pool, out byte[] randomKey, out object randomEntry)
    {
        randomKey = null!;
        randomEntry = null!;
        var found = false;
        lock (_gate)
        {
            // volatile-ttl looks further, since keys without a deadline are not candidates.
            var budget = policy == EvictionPolicy.VolatileTtl ? SampleSize * 8 : SampleSize;
            var sampled = 0;
            var wrapped = false;
            while (sampled < budget)
            {
                if (!Next(out var candidate, ref wrapped))
                {
                    break;
                }

                if ((policy == EvictionPolicy.VolatileTtl && !Entry.HasDeadline(candidate.Value)) || IsExcluded(candidate.Key, exclude))
                {
                    budget--;
                    continue;
                }

                sampled++;
                found = true;
                if (policy == EvictionPolicy.AllKeysRandom)
                {
                    (randomKey, randomEntry) = (candidate.Key, candidate.Value);
                    break;
                }

                pool.Offer(policy, shard, candidate.Key, candidate.Value);
            }
        }

        return found;
    }

    /// <summary>The key being written is never evicted; a default span (no key being written) excludes nothing, not even the empty key.</summary>
    public static bool IsExcluded(byte[] key, ReadOnlySpan<byte> exclude) =>
        !System.Runtime.CompilerServices.Unsafe.IsNullRef(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(exclude))
        && key.AsSpan().SequenceEqual(exclude);

    private bool Next(out KeyValuePair<byte[], object> item, ref bool wrapped)
    {
        if (_cursor is null)
        {
            _cursor = shard.Map.GetEnumerator();
            for (var skip = Random.Shared.Next(SampleSize * 4); skip > 0 && _cursor.MoveNext();)
            {
                skip--;
            }
        }

        if (_cursor.MoveNext())
        {
            item = _cursor.Current;
            return true;
        }

        _cursor.Dispose();
        _cursor = null;
        if (wrapped)
        {
            item = default;
            return false;
        }

        // End of the shard: start over once; a second empty pass means the shard is empty.
        wrapped = true;
        _cursor = shard.Map.GetEnumerator();
        if (_cursor.MoveNext())
        {
            item = _cursor.Current;
            return true;
        }

        item = default;
        return false;
    }
}
