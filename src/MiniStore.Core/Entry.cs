namespace MiniStore.Core;

/// <summary>
/// One key's value and metadata. <see cref="Value"/> is a <c>byte[]</c> for a string (never written to once stored:
/// lock-free readers may hold it) or a <see cref="CollectionValue"/>. Every field changes only while the key's shard
/// lock is held (see <see cref="KeySlot"/>); readers that take no lock (GET, EXISTS, TTL, TYPE) read each field once,
/// and any mix of old and new fields they can see answers as if the read came before or after the write.
/// </summary>
internal sealed class Entry
{
    /// <summary>Deadline meaning "never expires".</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>
    /// Estimated managed bytes an entry costs beyond its key and value bytes: two array headers, this object,
    /// the dictionary node and its bucket slot. Measured with the bytes-per-key benchmark.
    /// </summary>
    public const int Overhead = 24 + 24 + 40 + 48 + 16;

    private object _value;
    private long _deadlineMs;

    public Entry(object value, long deadlineMs, int lastAccess = 0)
    {
        _value = value;
        _deadlineMs = deadlineMs;
        LastAccess = lastAccess;
    }

    /// <summary>A <c>byte[]</c> (string) or a <see cref="CollectionValue"/>.</summary>
    public object Value
    {
        get => Volatile.Read(ref _value);
        set => Volatile.Write(ref _value, value);
    }

    /// <summary>Monotonic milliseconds (see <see cref="MonotonicClock"/>) after which the entry is gone.</summary>
    public long DeadlineMs
    {
        get => Volatile.Read(ref _deadlineMs);
        set => Volatile.Write(ref _deadlineMs, value);
    }

    public bool HasDeadline => DeadlineMs != NoDeadline;

    /// <summary>
    /// Recency stamp for approximate LRU, in ticks of the store's logical clock (one tick per write while a
    /// memory cap is set). A plain racy write on read: losing a stamp to a concurrent reader only makes
    /// eviction slightly less exact, and it keeps GET free of locks, interlocked operations and allocations.
    /// </summary>
    public int LastAccess { get; set; }

    public ValueKind Kind => KindOf(Value);

    public bool IsExpired(long nowMs) => nowMs >= DeadlineMs;

    public static ValueKind KindOf(object value) => value is byte[] ? ValueKind.String : ((CollectionValue)value).Kind;

    /// <summary>Bytes of the value alone: a string's length, a collection's estimate.</summary>
    public static long ValueBytes(object value) => value is byte[] bytes ? bytes.Length : ((CollectionValue)value).SizeBytes;

    public static long SizeOf(int keyLength, long valueBytes) => keyLength + valueBytes + Overhead;
}
