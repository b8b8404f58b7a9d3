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

    private readonly EvictionPool _evictionPool = new();

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
        _evictionPool.Clear();
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

    internal void Touch(object entry)
    {
        if (IsCapped)
        {
            var now = _lruClock;
            if (Entry.LastAccessOf(entry) != now)
            {
                Entry.SetLastAccess(entry, now);
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
    /// Evicts one key: samples a handful from a few shards into the eviction pool (Redis samples a handful of keys,
    /// not the whole keyspace) and evicts the pool's best candidate that is still as sampled; allkeys-random evicts a
    /// sampled key. A shard whose lock another thread holds is passed over rather than waited for, so eviction from
    /// inside a write (which holds its own shard's lock) can never deadlock. Nothing when no sampled shard holds a key
    /// the policy may evict.
    /// </summary>
    private Eviction EvictOne(ReadOnlySpan<byte> writing)
    {
        const int ShardsPerEviction = 4;
        var policy = _policy;
        var start = Random.Shared.Next(_shards.Length);
        var sampled = 0;
        for (var i = 0; i < _shards.Length && sampled < ShardsPerEviction; i++)
        {
            var shard = _shards[(start + i) & (_shards.Length - 1)];
            if (shard.Keys == 0 || !shard.Sampler.Sample(policy, writing, _evictionPool, out var key, out var entry))
            {
                continue;
            }

            sampled++;
            if (policy == EvictionPolicy.AllKeysRandom)
            {
                return TryEvict(new EvictionPool.Candidate(shard, key, entry, 0), policy, checkRank: false);
            }
        }

        while (_evictionPool.TryTake(out var candidate))
        {
            if (EvictionSampler.IsExcluded(candidate.Key, writing))
            {
                continue;
            }

            var evicted = TryEvict(candidate, policy, checkRank: true);
            if (evicted != Eviction.Stale)
            {
                return evicted;
            }
        }

        return sampled == 0 ? Eviction.Nothing : Eviction.Busy;
    }

    private Eviction TryEvict(in EvictionPool.Candidate candidate, EvictionPolicy policy, bool checkRank)
    {
        var shard = candidate.Shard;
        if (!shard.Gate.TryEnter())
        {
            if (checkRank)
            {
                // Still a good candidate: give it back for the next round.
                _evictionPool.Offer(policy, shard, candidate.Key, candidate.Entry);
            }

            return Eviction.Busy;
        }

        try
        {
            // Gone, rewritten, read or given a new deadline since it was sampled: not the key to evict any more.
            var current = checkRank
                ? EvictionPool.IsCurrent(policy, candidate)
                : shard.Map.TryGetValue(candidate.Key, out var now) && ReferenceEquals(now, candidate.Entry);
            if (!current)
            {
                return Eviction.Stale;
            }

            RemoveEntry(shard, candidate.Key, candidate.Entry);
            Interlocked.Increment(ref _evictedKeys);
            NotifyModified(candidate.Key);
        }
        finally
        {
            shard.Gate.Exit();
        }

        return Eviction.Done;
    }

    private enum Eviction : byte
    {
        Done,
        Busy,

        /// <summary>The candidate changed since it was sampled; take the next.</summary>
        Stale,
        Nothing,
    }
}
