using System.Numerics;

namespace MiniStore.Core;

/// <summary>
/// The storage engine: typed values under byte keys, with the semantics of Redis 7.0. Sharded: each shard is a
/// <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/> plus one lock. Reads of strings take no
/// lock; every change holds its key's shard lock (see <see cref="KeySlot"/>), so a command on one key is atomic, a
/// collection is changed in place, and keys of several shards are locked in shard order (<see cref="LockKeys"/>).
/// </summary>
public sealed partial class KeyStore : IDisposable
{
    /// <summary>Deadline meaning "never expires".</summary>
    public const long NoDeadline = Entry.NoDeadline;

    private readonly Shard[] _shards;
    private readonly int _shardShift;
    private readonly MonotonicClock _clock;
    private readonly ExpiryScheduler _expiry;
    private long _expiredKeys;
    private long _evictedKeys;

    public KeyStore(StoreOptions? options = null, TimeProvider? time = null)
    {
        options ??= new StoreOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ShardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxMemoryBytes);
        _maxMemoryBytes = options.MaxMemoryBytes;
        _policy = options.EvictionPolicy;
        _tracksReleasedBytes = options.MaxMemoryBytes > 0;
        var count = (int)BitOperations.RoundUpToPowerOf2((uint)options.ShardCount);
        _shards = new Shard[count];
        for (var i = 0; i < count; i++)
        {
            _shards[i] = new Shard();
        }

        // The shard comes from the top bits of ShardHash, a cheaper mix than the dictionaries' own hash; SCAN walks
        // the whole 32-bit ShardHash space in order, shard after shard.
        _shardShift = 32 - BitOperations.Log2((uint)count);
        _clock = new MonotonicClock(time ?? TimeProvider.System);
        _expiry = new ExpiryScheduler(_clock, ShardOf, ExpireIfDue, HoldsAnyShardLock);
    }

    public int ShardCount => _shards.Length;

    /// <summary>The store's monotonic clock, in milliseconds: the time base of every deadline.</summary>
    public long NowMs => _clock.NowMs;

    /// <summary>Told of every change to a key (writes, expiry, eviction, FLUSHALL): WATCH and keyspace waiters.</summary>
    public IKeyspaceObserver? Observer { get; set; }

    /// <summary>Heap items awaiting expiry, stale ones included.</summary>
    internal int ExpiryHeapCount => _expiry.HeapCount;

    /// <summary>Opens <paramref name="key"/> for reading or changing it atomically; dispose the slot to release it.</summary>
    public KeySlot Open(ReadOnlySpan<byte> key) => new(this, ShardOf(key), key);

    /// <summary>The shard <paramref name="key"/> lives in (what <see cref="LockShards"/> takes).</summary>
    public int ShardIndexOf(ReadOnlySpan<byte> key) => (int)(ShardHash.Of(key) >> _shardShift & (uint)(_shards.Length - 1));

    /// <summary>Locks the shards of two keys in shard order (RENAME, SMOVE, LMOVE); the keys may share a shard.</summary>
    public ShardLockScope LockKeys(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        new(_shards, ShardIndexOf(first), ShardIndexOf(second));

    /// <summary>
    /// Locks the shards <paramref name="shardIndices"/> name (from <see cref="ShardIndexOf"/>), in shard order whatever
    /// their order here: any number of keys at once (MSETNX, SUNIONSTORE, EXEC). Sorts the span in place; duplicates are fine.
    /// </summary>
    public ShardLockScope LockShards(Span<int> shardIndices) => new(_shards, shardIndices);

    /// <summary>Locks every shard: for a change whose keys cannot be known up front.</summary>
    public ShardLockScope LockAll() => new(_shards);

    /// <summary>Whether the key exists, of any type.</summary>
    public bool Exists(ReadOnlySpan<byte> key) => TryGetLive(ShardOf(key), key, out _);

    /// <summary>The type of the key's value; <see cref="ValueKind.None"/> when it does not exist.</summary>
    public ValueKind TypeOf(ReadOnlySpan<byte> key) => TryGetLive(ShardOf(key), key, out var entry) ? Entry.KindOf(entry) : ValueKind.None;

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
            UsedBytes,
            Volatile.Read(ref _evictedKeys),
            MaxMemoryBytes,
            _policy);
    }

    /// <summary>
    /// Removes every key. Each shard's table is dropped whole under its lock, so this is O(shards) on the request path
    /// whatever the values hold: the garbage collector frees them in the background (Redis's lazyfree, for free).
    /// </summary>
    public void FlushAll()
    {
        foreach (var shard in _shards)
        {
            using (shard.Gate.EnterScope())
            {
                AddUsedBytes(-shard.UsedBytes, released: shard.UsedBytes);
                shard.Clear();
            }
        }

        _expiry.Compact();
        // The flushed values must not stay reachable from the pool.
        _evictionPool.Clear();
        Observer?.OnFlushed();
    }

    /// <summary>CONFIG RESETSTAT: zeroes the expired and evicted key counts.</summary>
    public void ResetStats()
    {
        Volatile.Write(ref _expiredKeys, 0);
        Volatile.Write(ref _evictedKeys, 0);
    }

    public void Dispose() => _expiry.Dispose();

    /// <summary>
    /// The monotonic deadline of a Unix time in milliseconds (EXAT/PXAT, EXPIREAT). Core keeps monotonic deadlines so a
    /// wall-clock jump never expires keys early; the wall clock is read once, here, at the edge. A past time gives a
    /// deadline that is already due.
    /// </summary>
    public long DeadlineAt(long unixMs)
    {
        var now = _clock.NowMs;
        var delta = unixMs - _clock.Time.GetUtcNow().ToUnixTimeMilliseconds();
        if (delta >= NoDeadline - now)
        {
            return NoDeadline - 1;
        }

        return delta < -now ? 0 : now + delta;
    }

    /// <summary>The Unix time in milliseconds of a monotonic deadline (EXPIRETIME, persistence).</summary>
    public long UnixMsOf(long deadlineMs) => _clock.Time.GetUtcNow().ToUnixTimeMilliseconds() + (deadlineMs - _clock.NowMs);

    /// <summary>The deadline <paramref name="ttlMs"/> from now; false when it is not positive or would overflow.</summary>
    public bool TryDeadlineAfter(long ttlMs, out long deadline)
    {
        var now = _clock.NowMs;
        if (ttlMs <= 0 || ttlMs >= NoDeadline - now)
        {
            deadline = 0;
            return false;
        }

        deadline = now + ttlMs;
        return true;
    }

    internal Shard ShardOf(ReadOnlySpan<byte> key) => _shards[ShardIndexOf(key)];

    private Shard ShardOf(byte[] key) => ShardOf(key.AsSpan());

    /// <summary>
    /// A lock-free read of a live key; an expired one is reclaimed (under its lock) and reads as absent.
    /// <paramref name="entry"/> is the stored value itself: a packed string or a collection (see <see cref="Entry"/>).
    /// </summary>
    private bool TryGetLive(Shard shard, ReadOnlySpan<byte> key, out object entry)
    {
        if (!shard.Lookup.TryGetValue(key, out var storedKey, out entry!))
        {
            return false;
        }

        var deadline = Entry.DeadlineOf(entry);
        if (deadline != NoDeadline && _clock.NowMs >= deadline)
        {
            // Lazy expiry: whoever meets an expired entry reclaims it.
            using (shard.Gate.EnterScope())
            {
                if (shard.Map.TryGetValue(storedKey, out var current) && ReferenceEquals(current, entry) && Entry.IsExpired(entry, _clock.NowMs))
                {
                    RemoveExpired(shard, storedKey, entry);
                    return false;
                }
            }

            // Changed meanwhile (a new deadline, say): read it again.
            return TryGetLive(shard, key, out entry);
        }

        return true;
    }

    private bool HoldsAnyShardLock()
    {
        foreach (var shard in _shards)
        {
            if (shard.Gate.IsHeldByCurrentThread)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For the scheduler: removes the key if the entry it maps to now is past its deadline.</summary>
    private bool ExpireIfDue(Shard shard, byte[] key)
    {
        using (shard.Gate.EnterScope())
        {
            if (shard.Map.TryGetValue(key, out var current) && Entry.HasDeadline(current) && Entry.IsExpired(current, _clock.NowMs))
            {
                RemoveExpired(shard, key, current);
                return true;
            }
        }

        return false;
    }
}
