using System.Collections.Concurrent;

namespace MiniStore.Core;

/// <summary>
/// One slice of the key space: a dictionary, the lock every write to its keys holds, and the counters the server
/// reports. Reads of strings take no lock (the dictionary is concurrent and a stored string is never written to);
/// every change — a write, a collection read, lazy or active expiry, eviction — holds <see cref="Gate"/>, so within a
/// shard changes are serialized and each one sees the keys as the last one left them. The counters are written
/// only under the gate, so they need no interlocked operations.
/// </summary>
internal sealed class Shard
{
    private long _keys;
    private long _keysWithExpiry;
    private long _usedBytes;
    private long _changes;

    public Shard()
    {
        // Writers already hold Gate, so one lock inside the dictionary is enough. The value is the entry itself: a packed
        // string or a collection (see Entry).
        Map = new ConcurrentDictionary<byte[], object>(concurrencyLevel: 1, capacity: 31, ByteKeyComparer.Instance);
        Lookup = Map.GetAlternateLookup<ReadOnlySpan<byte>>();
        Sampler = new EvictionSampler(this);
    }

    /// <summary>Held by whoever changes a key of this shard; re-entrant, so a multi-key lock may cover a single-key write.</summary>
    public Lock Gate { get; } = new();

    public EvictionSampler Sampler { get; }

    public ConcurrentDictionary<byte[], object> Map { get; }

    public ConcurrentDictionary<byte[], object>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public long Keys => Volatile.Read(ref _keys);

    public long KeysWithExpiry => Volatile.Read(ref _keysWithExpiry);

    /// <summary>Estimated bytes of this shard's keys and values (the store also keeps the total, for the memory cap).</summary>
    public long UsedBytes => Volatile.Read(ref _usedBytes);

    /// <summary>Changes to keys of this shard since start (persistence's "changes since the last save").</summary>
    public long Changes => Volatile.Read(ref _changes);

    /// <summary>Applies a change of key counts and bytes; called with <see cref="Gate"/> held.</summary>
    public void Count(long keysDelta, long keysWithExpiryDelta, long bytesDelta)
    {
        // Every settled change comes through here once, so it is also where changes are counted.
        Volatile.Write(ref _changes, _changes + 1);
        if (bytesDelta != 0)
        {
            Volatile.Write(ref _usedBytes, _usedBytes + bytesDelta);
        }

        if (keysDelta != 0)
        {
            Volatile.Write(ref _keys, _keys + keysDelta);
        }

        if (keysWithExpiryDelta != 0)
        {
            Volatile.Write(ref _keysWithExpiry, _keysWithExpiry + keysWithExpiryDelta);
        }
    }

    /// <summary>Drops every key at once (FLUSHALL); called with <see cref="Gate"/> held.</summary>
    public void Clear()
    {
        Volatile.Write(ref _changes, _changes + _keys);
        Map.Clear();
        Volatile.Write(ref _keys, 0);
        Volatile.Write(ref _keysWithExpiry, 0);
        Volatile.Write(ref _usedBytes, 0);
    }
}
