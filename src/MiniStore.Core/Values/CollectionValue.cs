namespace MiniStore.Core;

/// <summary>
/// A value that is not a plain string: a hash, list, set or sorted set. Mutated in place, only while its key's
/// <see cref="KeySlot"/> is open (which holds the shard's lock), so a collection never needs a lock of its own and
/// a reader never sees it half-changed. Each collection keeps <see cref="SizeBytes"/> up to date as it changes, so
/// the memory cap and <c>used_memory</c> never walk a collection (Garnet's <c>IGarnetObject</c> reports a size
/// change per operation to the same end).
/// </summary>
public abstract class CollectionValue
{
    private long _deadlineMs = Entry.NoDeadline;

    public abstract ValueKind Kind { get; }

    /// <summary>Elements (fields, members, items). A collection that reaches 0 is removed with its key.</summary>
    public abstract int Count { get; }

    /// <summary>Estimated managed bytes the value holds, beyond its key and the dictionary's node.</summary>
    public long SizeBytes { get; protected set; }

    /// <summary>
    /// The key's deadline while the collection is stored (the collection is the key's entry: there is no other
    /// object to hold it). Written only under the key's shard lock; read without one by TTL and EXISTS.
    /// </summary>
    internal long DeadlineMs
    {
        get => Volatile.Read(ref _deadlineMs);
        set => Volatile.Write(ref _deadlineMs, value);
    }

    /// <summary>The LRU stamp of the key (see <see cref="Entry.LastAccessOf"/>).</summary>
    internal int LastAccess { get; set; }

    /// <summary>A deep copy no one else holds (COPY): changing either never shows in the other.</summary>
    public abstract CollectionValue Clone();
}
