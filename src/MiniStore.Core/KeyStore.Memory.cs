namespace MiniStore.Core;

/// <summary>The memory cap: the estimate of used bytes, approximate LRU and eviction by policy.</summary>
public sealed partial class KeyStore
{
    private long _maxMemoryBytes;
    private EvictionPolicy _policy;
    private long _usedBytes;
    private long _releasedBytes;
    private bool _tracksReleasedBytes;

    /// <summary>Logical clock for LRU: one tick per write while capped. Racy increments are fine: it orders, it does not count.</summary>
    private int _lruClock;

    /// <summary>The memory cap in force (0: none); <see cref="Configure"/> changes it live.</summary>
    public long MaxMemoryBytes => Volatile.Read(ref _maxMemoryBytes);

    public EvictionPolicy EvictionPolicy => _policy;

    /// <summary>Estimated bytes held by keys and values: key + value + a fixed per-entry overhead (collections: their estimate).</summary>
    public long UsedBytes => Volatile.Read(ref _usedBytes);

    /// <summary>
    /// With a memory cap: bytes dropped by deletes, overwrites, expiry and eviction since start. The host uses
    /// it to pace garbage collection so the process follows the cap, not just the estimate. 0 without a cap.
    /// </summary>
    public long ReleasedBytes => Volatile.Read(ref _releasedBytes);

    internal int LruNow => _lruClock;

    private bool IsCapped => MaxMemoryBytes > 0;

    /// <summary>
    /// Changes the memory cap and policy live (CONFIG SET). A cap below what the keys use now evicts down to it at
    /// once, as Redis does, unless the policy is noeviction (then writes are refused until deletes make room).
    /// </summary>
    public void Configure(long maxMemoryBytes, EvictionPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMemoryBytes);
        _policy = policy;
        _tracksReleasedBytes = maxMemoryBytes > 0;
        Volatile.Write(ref _maxMemoryBytes, maxMemoryBytes);
        if (maxMemoryBytes > 0)
        {
            EnsureRoom(0, default, evictDown: true);
        }
    }

    /// <summary>
    /// Makes room for <paramref name="growth"/> more bytes under the cap, evicting by policy (never <paramref name="writing"/>,
    /// the key being written); false when the write must be refused (noeviction, or nothing left the policy may evict).
    /// </summary>
    internal bool EnsureRoom(long growth, ReadOnlySpan<byte> writing, bool evictDown = false)
    {
        if (!IsCapped)
        {
            return true;
        }

        _lruClock = unchecked(_lruClock + 1);
        if (growth <= 0 && !evictDown)
        {
            return true;
        }

        // A candidate whose shard another thread holds is skipped; if that keeps happening (two writers each holding the
        // shard the other would evict from) the write gives up rather than spin for ever.
        const int MaxBusyRounds = 1000;
        var busy = 0;
        while (UsedBytes + growth > MaxMemoryBytes)
        {
            if (_policy == EvictionPolicy.NoEviction)
            {
                return false;
            }

            switch (EvictOne(writing))
            {
                case Eviction.Nothing:
                    return false;
                case Eviction.Busy when ++busy >= MaxBusyRounds:
                    return false;
                case Eviction.Busy:
                    Thread.Yield();
                    break;
                default:
                    busy = 0;
                    break;
            }
        }

        return true;
    }

    internal void Touch(Entry entry)
    {
        if (IsCapped)
        {
            var now = _lruClock;
            if (entry.LastAccess != now)
            {
                entry.LastAccess = now;
            }
        }
    }

    private void AddUsedBytes(long delta, long released)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref _usedBytes, delta);
        }

        if (released > 0 && _tracksReleasedBytes)
        {
            Interlocked.Add(ref _releasedBytes, released);
        }
    }

    /// <summary>
    /// Evicts the best candidate among samples from a few shards (Redis samples a handful of keys, not the whole
    /// keyspace). A shard whose lock another thread holds is passed over rather than waited for, so eviction from inside
    /// a write (which holds its own shard's lock) can never deadlock. Returns false when no sampled shard holds a key the
    /// policy may evict.
    /// </summary>
    private Eviction EvictOne(ReadOnlySpan<byte> writing)
    {
        const int ShardsPerEviction = 4;
        var policy = _policy;
        var start = Random.Shared.Next(_shards.Length);
        Shard? bestShard = null;
        byte[]? bestKey = null;
        Entry? best = null;
        for (int i = 0, sampled = 0; i < _shards.Length && sampled < ShardsPerEviction; i++)
        {
            var shard = _shards[(start + i) & (_shards.Length - 1)];
            if (shard.Keys == 0 || !shard.Sampler.TryPick(policy, writing, out var key, out var entry))
            {
                continue;
            }

            sampled++;
            if (best is null || EvictionSampler.IsBetter(policy, entry, best))
            {
                (bestShard, bestKey, best) = (shard, key, entry);
            }

            if (policy == EvictionPolicy.AllKeysRandom)
            {
                break;
            }
        }

        if (best is null)
        {
            return Eviction.Nothing;
        }

        if (!bestShard!.Gate.TryEnter())
        {
            return Eviction.Busy;
        }

        try
        {
            // Gone or rewritten since it was sampled: the caller re-checks the budget and samples again.
            if (bestShard.Map.TryGetValue(bestKey!, out var current) && ReferenceEquals(current, best))
            {
                RemoveEntry(bestShard, bestKey!, best);
                Interlocked.Increment(ref _evictedKeys);
                NotifyModified(bestKey);
            }
        }
        finally
        {
            bestShard.Gate.Exit();
        }

        return Eviction.Done;
    }

    private enum Eviction : byte
    {
        Done,
        Busy,
        Nothing,
    }
}
