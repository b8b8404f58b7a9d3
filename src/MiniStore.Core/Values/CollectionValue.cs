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
    public abstract ValueKind Kind { get; }

    /// <summary>Elements (fields, members, items). A collection that reaches 0 is removed with its key.</summary>
    public abstract int Count { get; }

    /// <summary>Estimated managed bytes the value holds, beyond its key and <see cref="Entry"/>.</summary>
    public long SizeBytes { get; protected set; }

    /// <summary>A deep copy no one else holds (COPY): changing either never shows in the other.</summary>
    public abstract CollectionValue Clone();
}
