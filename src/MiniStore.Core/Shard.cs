using System.Collections.Concurrent;

namespace MiniStore.Core;

/// <summary>
/// One slice of the key space: a dictionary plus the counters the server reports. Counters are kept here,
/// not computed from the dictionary, because <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes
/// every lock of the dictionary; a memory cap reads <see cref="UsedBytes"/> on every write.
/// </summary>
internal sealed class Shard
{
    private long _keys;
    private long _keysWithExpiry;
    private long _usedBytes;
    private long _releasedBytes;

    public Shard()
    {
        Map = new ConcurrentDictionary<byte[], Entry>(Environment.ProcessorCount, 31, ByteKeyComparer.Instance);
        Lookup = Map.GetAlternateLookup<ReadOnlySpan<byte>>();
        Sampler = new EvictionSampler(this);
    }

    public EvictionSampler Sampler { get; }

    public ConcurrentDictionary<byte[], Entry> Map { get; }

    public ConcurrentDictionary<byte[], Entry>.AlternateLookup<ReadOnlySpan<byte>> Lookup { get; }

    public long Keys => Volatile.Read(ref _keys);

    public long KeysWithExpiry => Volatile.Read(ref _keysWithExpiry);

    public long UsedBytes => Volatile.Read(ref _usedBytes);

    /// <summary>Bytes of entries and values dropped (removed or overwritten) since start: garbage for the GC.</summary>
    public long ReleasedBytes => Volatile.Read(ref _releasedBytes);

    /// <summary>Set while the store has a memory cap: only then is <see cref="ReleasedBytes"/> worth its interlocked add.</summary>
    public bool TracksReleasedBytes { get; set; }

    public void OnAdded(byte[] key, Entry entry)
    {
        Interlocked.Increment(ref _keys);
        if (entry.HasDeadline)
        {
            Interlocked.Increment(ref _keysWithExpiry);
        }

        Interlocked.Add(ref _usedBytes, Entry.SizeOf(key.Length, entry.Value.Length));
    }

    public void OnReplaced(byte[] key, Entry old, Entry replacement)
    {
        var expiryDelta = (replacement.HasDeadline ? 1 : 0) - (old.HasDeadline ? 1 : 0);
        if (expiryDelta != 0)
        {
            Interlocked.Add(ref _keysWithExpiry, expiryDelta);
        }

        var bytesDelta = replacement.Value.Length - old.Value.Length;
        if (bytesDelta != 0)
        {
            Interlocked.Add(ref _usedBytes, bytesDelta);
        }

        if (TracksReleasedBytes && !ReferenceEquals(replacement.Value, old.Value))
        {
            Interlocked.Add(ref _releasedBytes, old.Value.Length);
        }
    }

    public void OnRemoved(byte[] key, Entry entry)
    {
        Interlocked.Decrement(ref _keys);
        if (entry.HasDeadline)
        {
            Interlocked.Decrement(ref _keysWithExpiry);
        }

        var size = Entry.SizeOf(key.Length, entry.Value.Length);
        Interlocked.Add(ref _usedBytes, -size);
        if (TracksReleasedBytes)
        {
            Interlocked.Add(ref _releasedBytes, size);
        }
    }

    /// <summary>Removes the key only if it still maps to <paramref name="entry"/>; a newer write always wins.</summary>
    public bool TryRemoveExact(byte[] key, Entry entry)
    {
        if (!Map.TryRemove(KeyValuePair.Create(key, entry)))
        {
            return false;
        }

        OnRemoved(key, entry);
        return true;
    }
}
