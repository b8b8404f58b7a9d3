namespace MiniStore.Core;

/// <summary>
/// One stored value. Immutable except for <see cref="LastAccess"/>: a write replaces the whole entry, so
/// compare-and-swap on the reference (<c>TryUpdate(key, new, expectedOld)</c>) is what makes conditional
/// writes atomic, and an expiry item that points at an older entry can never remove a newer one.
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

    public Entry(byte[] value, long deadlineMs, int lastAccess = 0)
    {
        Value = value;
        DeadlineMs = deadlineMs;
        LastAccess = lastAccess;
    }

    public byte[] Value { get; }

    /// <summary>Monotonic milliseconds (see <see cref="MonotonicClock"/>) after which the entry is gone.</summary>
    public long DeadlineMs { get; }

    public bool HasDeadline => DeadlineMs != NoDeadline;

    /// <summary>
    /// Recency stamp for approximate LRU, in ticks of the store's logical clock (one tick per write while a
    /// memory cap is set). A plain racy write on read: losing a stamp to a concurrent reader only makes
    /// eviction slightly less exact, and it keeps GET free of locks, interlocked operations and allocations.
    /// </summary>
    public int LastAccess { get; set; }

    public bool IsExpired(long nowMs) => nowMs >= DeadlineMs;

    public static long SizeOf(int keyLength, int valueLength) => keyLength + valueLength + Overhead;
}
