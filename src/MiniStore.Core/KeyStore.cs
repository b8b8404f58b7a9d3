using System.Numerics;

namespace MiniStore.Core;

/// <summary>
/// The storage engine: keys and values are bytes, every operation has the semantics of protocol.md A.4.
/// Thread-safe without a global lock: each shard is a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/>,
/// entries are immutable, and conditional writes are compare-and-swap loops on the entry reference.
/// </summary>
public sealed class KeyStore : IDisposable
{
    private readonly Shard[] _shards;
    private readonly int _shardShift;
    private readonly MonotonicClock _clock;
    private readonly ExpiryScheduler _expiry;
    private long _maxMemoryBytes;
    private EvictionPolicy _policy;
    private long _expiredKeys;
    private long _evictedKeys;

    /// <summary>Logical clock for LRU: one tick per write while capped. Racy increments are fine: it orders, it does not count.</summary>
    private int _lruClock;

    public KeyStore(StoreOptions? options = null, TimeProvider? time = null)
    {
        options ??= new StoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxMemoryBytes);
        _maxMemoryBytes = options.MaxMemoryBytes;
        _policy = options.EvictionPolicy;
        var count = (int)BitOperations.RoundUpToPowerOf2((uint)options.ShardCount);
        _shards = new Shard[count];
        for (var i = 0; i < count; i++)
        {
            _shards[i] = new Shard { TracksReleasedBytes = options.MaxMemoryBytes > 0 };
        }

        // The shard comes from the top bits of ShardHash, a cheaper mix than the dictionaries' own hash.
        _shardShift = 32 - BitOperations.Log2((uint)count);
        _clock = new MonotonicClock(time ?? TimeProvider.System);
        _expiry = new ExpiryScheduler(_clock, ShardOf, ExpireIfDue);
    }

    public int ShardCount => _shards.Length;

    /// <summary>The memory cap in force (0: none); <see cref="Configure"/> changes it live.</summary>
    public long MaxMemoryBytes => Volatile.Read(ref _maxMemoryBytes);

    public EvictionPolicy EvictionPolicy => _policy;

    private bool IsCapped => MaxMemoryBytes > 0;

    /// <summary>Heap items awaiting expiry, stale ones included.</summary>
    internal int ExpiryHeapCount => _expiry.HeapCount;

    /// <summary>The value of a live key, or null. The returned array is the stored one: never write to it.</summary>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        var shard = ShardOf(key);
        if (!TryGetLive(shard, key, out _, out var entry))
        {
            return null;
        }

        Touch(entry);
        return entry.Value;
    }

    public SetResult Set(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, in SetOptions options)
    {
        var deadline = Entry.NoDeadline;
        if (options.Expiry == ExpiryMode.After && !TryDeadline(options.TtlMs, out deadline))
        {
            return new SetResult(SetStatus.InvalidExpireTime, null);
        }

        if (options.Expiry == ExpiryMode.At)
        {
            deadline = DeadlineAt(options.TtlMs);
        }

        var shard = ShardOf(key);
        byte[]? stored = null;
        while (true)
        {
            if (TryGetLive(shard, key, out var existingKey, out var old))
            {
                if (options.Condition == SetCondition.IfAbsent)
                {
                    return new SetResult(SetStatus.ConditionNotMet, options.ReturnOld ? old.Value : null);
                }

                if (!EnsureRoom(value.Length - old.Value.Length))
                {
                    return new SetResult(SetStatus.OutOfMemory, null);
                }

                stored ??= value.ToArray();
                var replacement = new Entry(stored, options.Expiry == ExpiryMode.Keep ? old.DeadlineMs : deadline, _lruClock);
                if (shard.Map.TryUpdate(existingKey, replacement, old))
                {
                    shard.OnReplaced(existingKey, old, replacement);
                    ScheduleIfDeadline(existingKey, replacement);
                    return new SetResult(SetStatus.Written, options.ReturnOld ? old.Value : null);
                }
            }
            else
            {
                if (options.Condition == SetCondition.IfPresent)
                {
                    return new SetResult(SetStatus.ConditionNotMet, null);
                }

                if (!EnsureRoom(Entry.SizeOf(key.Length, value.Length)))
                {
                    return new SetResult(SetStatus.OutOfMemory, null);
                }

                stored ??= value.ToArray();
                var added = new Entry(stored, options.Expiry == ExpiryMode.Keep ? Entry.NoDeadline : deadline, _lruClock);
                var newKey = key.ToArray();
                if (shard.Map.TryAdd(newKey, added))
                {
                    shard.OnAdded(newKey, added);
                    ScheduleIfDeadline(newKey, added);
                    return new SetResult(SetStatus.Written, null);
                }
            }

            // Another writer changed the key between our read and our swap: read it again.
        }
    }

    /// <summary>
    /// GETEX: reads a live key and optionally changes its expiry. Returns false only when
    /// <paramref name="ttlMs"/> is not a valid expire time; <paramref name="value"/> is null when the key is absent.
    /// </summary>
    public bool TryGetAndUpdateExpiry(ReadOnlySpan<byte> key, GetExpiryChange change, long ttlMs, out byte[]? value)
    {
        var shard = ShardOf(key);
        while (true)
        {
            // As Redis: a missing key answers nil before the expire time is judged.
            if (!TryGetLive(shard, key, out var existingKey, out var old))
            {
                value = null;
                return true;
            }

            var deadline = Entry.NoDeadline;
            if (change == GetExpiryChange.ExpireAfter && !TryDeadline(ttlMs, out deadline))
            {
                value = null;
                return false;
            }

            if (change == GetExpiryChange.ExpireAt)
            {
                deadline = DeadlineAt(ttlMs);
            }

            Touch(old);
            if (change == GetExpiryChange.None || old.DeadlineMs == deadline)
            {
                value = old.Value;
                return true;
            }

            var replacement = new Entry(old.Value, deadline, old.LastAccess);
            if (shard.Map.TryUpdate(existingKey, replacement, old))
            {
                shard.OnReplaced(existingKey, old, replacement);
                ScheduleIfDeadline(existingKey, replacement);
                value = old.Value;
                return true;
            }
        }
    }

    /// <summary>Milliseconds left: -2 if the key does not exist, -1 if it has no expiry.</summary>
    public long TimeToLiveMs(ReadOnlySpan<byte> key)
    {
        var shard = ShardOf(key);
        if (!shard.Lookup.TryGetValue(key, out var existingKey, out var entry))
        {
            return -2;
        }

        if (!entry.HasDeadline)
        {
            return -1;
        }

        var left = entry.DeadlineMs - _clock.NowMs;
        if (left <= 0)
        {
            ExpireExact(shard, existingKey, entry);
            return -2;
        }

        return left;
    }

    /// <summary>Removes a live key; true if it was there.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        var shard = ShardOf(key);
        while (TryGetLive(shard, key, out var existingKey, out var entry))
        {
            if (shard.TryRemoveExact(existingKey, entry))
            {
                return true;
            }
        }

        return false;
    }

    public bool Exists(ReadOnlySpan<byte> key) => TryGetLive(ShardOf(key), key, out _, out _);

    /// <summary>Live keys. Keys already past their deadline are reclaimed first, so they are never counted.</summary>
    public long Count()
    {
        _expiry.ReclaimDue();
        long keys = 0;
        foreach (var shard in _shards)
        {
            keys += shard.Keys;
        }

        return keys;
    }

    /// <summary>
    /// With a memory cap: bytes dropped by deletes, overwrites, expiry and eviction since start. The host uses
    /// it to pace garbage collection so the process follows the cap, not just the estimate. 0 without a cap.
    /// </summary>
    public long ReleasedBytes
    {
        get
        {
            long released = 0;
            foreach (var shard in _shards)
            {
                released += shard.ReleasedBytes;
            }

            return released;
        }
    }

    /// <summary>The store's figures, keys past their deadline reclaimed first so that they are never counted.</summary>
    public StoreStats GetStats()
    {
        _expiry.ReclaimDue();
        return PeekStats();
    }

    /// <summary>
    /// The figures as they stand, without reclaiming anything: for observers (metrics callbacks) that must not change
    /// the store. A key whose deadline passed a moment ago may still be counted until active expiry reclaims it.
    /// </summary>
    public StoreStats PeekStats()
    {
        long keys = 0, withExpiry = 0;
        foreach (var shard in _shards)
        {
            keys += shard.Keys;
            withExpiry += shard.KeysWithExpiry;
        }

        return new StoreStats(
            keys,
            withExpiry,
            Volatile.Read(ref _expiredKeys),
            UsedBytes(),
            Volatile.Read(ref _evictedKeys),
            MaxMemoryBytes,
            _policy);
    }

    /// <summary>Removes every key. Entry by entry, so counters stay exact while writers keep writing.</summary>
    public void FlushAll()
    {
        foreach (var shard in _shards)
        {
            foreach (var (key, entry) in shard.Map)
            {
                shard.TryRemoveExact(key, entry);
            }
        }

        _expiry.Compact();
    }

    /// <summary>
    /// Changes the memory cap and policy live (CONFIG SET). A cap below what the keys use now evicts down to it at
    /// once, as Redis does, unless the policy is noeviction (then writes are refused until deletes make room).
    /// </summary>
    public void Configure(long maxMemoryBytes, EvictionPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMemoryBytes);
        _policy = policy;
        foreach (var shard in _shards)
        {
            shard.TracksReleasedBytes = maxMemoryBytes > 0;
        }

        Volatile.Write(ref _maxMemoryBytes, maxMemoryBytes);
        if (maxMemoryBytes > 0)
        {
            EnsureRoom(0, evictDown: true);
        }
    }

    /// <summary>CONFIG RESETSTAT: zeroes the expired and evicted key counts.</summary>
    public void ResetStats()
    {
        Volatile.Write(ref _expiredKeys, 0);
        Volatile.Write(ref _evictedKeys, 0);
    }

    public void Dispose() => _expiry.Dispose();

    private Shard ShardOf(ReadOnlySpan<byte> key) => _shards[ShardHash.Of(key) >> _shardShift & (_shards.Length - 1)];

    private Shard ShardOf(byte[] key) => ShardOf(key.AsSpan());

    private bool TryGetLive(Shard shard, ReadOnlySpan<byte> key, out byte[] existingKey, out Entry entry)
    {
        if (!shard.Lookup.TryGetValue(key, out existingKey!, out entry!))
        {
            return false;
        }

        if (entry.HasDeadline && entry.IsExpired(_clock.NowMs))
        {
            // Lazy expiry: whoever meets an expired entry reclaims it.
            ExpireExact(shard, existingKey, entry);
            return false;
        }

        return true;
    }

    /// <summary>
    /// For the scheduler: removes the key if the entry it maps to now is past its deadline. Whichever write
    /// scheduled the item, an entry past its own deadline is dead, and a newer entry with a later deadline or
    /// none is left alone.
    /// </summary>
    private bool ExpireIfDue(Shard shard, byte[] key) =>
        shard.Map.TryGetValue(key, out var current) && current.HasDeadline && current.IsExpired(_clock.NowMs)
        && ExpireExact(shard, key, current);

    private bool ExpireExact(Shard shard, byte[] key, Entry entry)
    {
        if (!shard.TryRemoveExact(key, entry))
        {
            return false;
        }

        Interlocked.Increment(ref _expiredKeys);
        return true;
    }

    private void Touch(Entry entry)
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

    /// <summary>
    /// Makes room for <paramref name="growth"/> more bytes under the cap, evicting by policy; false when the
    /// write must be refused (noeviction, or nothing left that the policy may evict).
    /// </summary>
    private bool EnsureRoom(long growth, bool evictDown = false)
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

        while (UsedBytes() + growth > MaxMemoryBytes)
        {
            if (_policy == EvictionPolicy.NoEviction || !EvictOne())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Evicts the best candidate among samples from a few shards (Redis samples a handful of keys, not the
    /// whole keyspace). Returns false when no sampled shard holds a key the policy may evict.
    /// </summary>
    private bool EvictOne()
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
            if (shard.Keys == 0 || !shard.Sampler.TryPick(policy, out var key, out var entry))
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
            return false;
        }

        // A failed remove means a writer replaced or deleted the key first; the caller re-checks the budget.
        if (bestShard!.TryRemoveExact(bestKey!, best))
        {
            Interlocked.Increment(ref _evictedKeys);
        }

        return true;
    }

    private long UsedBytes()
    {
        long bytes = 0;
        foreach (var shard in _shards)
        {
            bytes += shard.UsedBytes;
        }

        return bytes;
    }

    private void ScheduleIfDeadline(byte[] key, Entry entry)
    {
        if (entry.HasDeadline)
        {
            _expiry.Schedule(key, entry.DeadlineMs);
        }
    }

    /// <summary>
    /// The monotonic deadline of a Unix time in milliseconds (EXAT/PXAT). Core keeps monotonic deadlines so a wall-clock
    /// jump never expires keys early; the wall clock is read once, here, at the edge. A past time gives a deadline
    /// that is already due.
    /// </summary>
    private long DeadlineAt(long unixMs)
    {
        var now = _clock.NowMs;
        var delta = unixMs - _clock.Time.GetUtcNow().ToUnixTimeMilliseconds();
        return delta >= Entry.NoDeadline - now ? Entry.NoDeadline - 1 : now + delta;
    }

    private bool TryDeadline(long ttlMs, out long deadline)
    {
        var now = _clock.NowMs;
        if (ttlMs <= 0 || ttlMs >= Entry.NoDeadline - now)
        {
            deadline = 0;
            return false;
        }

        deadline = now + ttlMs;
        return true;
    }
}
