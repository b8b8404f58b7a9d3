using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MiniStore.Core;

/// <summary>
/// What a key maps to in its shard's dictionary, and the helpers that read it. There is no entry object: the stored
/// value is the entry. A string is one packed <c>byte[]</c> — <see cref="HeaderSize"/> bytes of header (the deadline, a
/// <c>long</c> at offset 0, then the LRU stamp, an <c>int</c> at offset 8) followed by the value bytes — and any other
/// type is a <see cref="CollectionValue"/>, which carries the deadline and LRU stamp as fields. Saving the separate
/// entry object and the value's own array header is what this layout is for (see docs/benchmarks.md).
/// </summary>
/// <remarks>
/// A packed string's value bytes are never written once it is stored: lock-free readers (GET) may hold it. Only its
/// header changes in place: the deadline under the shard lock (EXPIRE, PERSIST), the LRU stamp by a plain racy write
/// on read. A byte[]'s data starts 8-byte aligned on 64-bit runtimes (after the method table pointer and the padded
/// length), so the deadline is one aligned <c>long</c> and <see cref="Volatile"/> reads and writes it whole. Readers that
/// take no lock read each field once, and any mix of old and new fields they can see answers as if the read came
/// before or after the write, as with the entry object this replaces.
/// </remarks>
internal static class Entry
{
    /// <summary>Deadline meaning "never expires".</summary>
    public const long NoDeadline = long.MaxValue;

    /// <summary>Bytes before a packed string's value: deadline (8) and LRU stamp (4).</summary>
    public const int HeaderSize = 12;

    private const int LruOffset = 8;

    /// <summary>
    /// Estimated managed bytes a string key costs beyond its key and value bytes: the two array headers, the packed
    /// header, the dictionary node and its bucket slot. Measured with the bytes-per-key benchmark.
    /// </summary>
    public const int Overhead = 24 + 24 + HeaderSize + 48 + 16;

    /// <summary>
    /// The same for a collection, beyond its <see cref="CollectionValue.SizeBytes"/>: the key's array header, the
    /// dictionary node and bucket slot, and the collection object's header with its deadline and LRU fields.
    /// </summary>
    public const int CollectionOverhead = 24 + 48 + 16 + 32;

    /// <summary>A new packed string holding a copy of <paramref name="value"/>; publish it only once it is filled.</summary>
    public static byte[] NewString(ReadOnlySpan<byte> value, long deadlineMs, int lastAccess)
    {
        var packed = GC.AllocateUninitializedArray<byte>(HeaderSize + value.Length);
        value.CopyTo(packed.AsSpan(HeaderSize));
        WriteHeader(packed, deadlineMs, lastAccess);
        return packed;
    }

    /// <summary>A new packed string of <paramref name="length"/> value bytes for the caller to fill (<see cref="Payload"/>) before it is published.</summary>
    public static byte[] NewString(int length, long deadlineMs, int lastAccess)
    {
        var packed = GC.AllocateUninitializedArray<byte>(HeaderSize + length);
        WriteHeader(packed, deadlineMs, lastAccess);
        return packed;
    }

    /// <summary>The value bytes of a packed string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlyMemory<byte> Text(byte[] packed) => new(packed, HeaderSize, packed.Length - HeaderSize);

    /// <summary>The value bytes of a packed string that is not published yet, for filling.</summary>
    public static Span<byte> Payload(byte[] packed) => packed.AsSpan(HeaderSize);

    /// <summary>A packed string's deadline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DeadlineOf(byte[] packed) => Volatile.Read(ref DeadlineRef(packed));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DeadlineOf(object value) =>
        value is byte[] packed ? Volatile.Read(ref DeadlineRef(packed)) : Unsafe.As<CollectionValue>(value).DeadlineMs;

    /// <summary>Changes the deadline in place; only with the key's shard lock held.</summary>
    public static void SetDeadline(object value, long deadlineMs)
    {
        if (value is byte[] packed)
        {
            Volatile.Write(ref DeadlineRef(packed), deadlineMs);
        }
        else
        {
            Unsafe.As<CollectionValue>(value).DeadlineMs = deadlineMs;
        }
    }

    public static bool HasDeadline(object value) => DeadlineOf(value) != NoDeadline;

    public static bool IsExpired(object value, long nowMs) => nowMs >= DeadlineOf(value);

    /// <summary>
    /// Recency stamp for approximate LRU, in ticks of the store's logical clock (one tick per write while a memory cap
    /// is set). Written with a plain racy write on read: losing a stamp to a concurrent reader only makes eviction
    /// slightly less exact, and it keeps GET free of locks, interlocked operations and allocations.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LastAccessOf(object value) =>
        value is byte[] packed ? LruRef(packed) : Unsafe.As<CollectionValue>(value).LastAccess;

    public static void SetLastAccess(object value, int stamp)
    {
        if (value is byte[] packed)
        {
            LruRef(packed) = stamp;
        }
        else
        {
            Unsafe.As<CollectionValue>(value).LastAccess = stamp;
        }
    }

    public static ValueKind KindOf(object value) => value is byte[] ? ValueKind.String : Unsafe.As<CollectionValue>(value).Kind;

    /// <summary>Bytes of the value alone: a string's length, a collection's estimate.</summary>
    public static long ValueBytes(object value) => value is byte[] packed ? packed.Length - HeaderSize : Unsafe.As<CollectionValue>(value).SizeBytes;

    /// <summary>Estimated bytes of a string key: what <c>used_memory</c> counts for it.</summary>
    public static long SizeOf(int keyLength, long valueBytes) => keyLength + valueBytes + Overhead;

    /// <summary>Estimated bytes of a key holding <paramref name="value"/> (a packed string or a collection).</summary>
    public static long SizeOf(int keyLength, object value) =>
        value is byte[] packed
            ? keyLength + packed.Length - HeaderSize + Overhead
            : keyLength + Unsafe.As<CollectionValue>(value).SizeBytes + CollectionOverhead;

    private static void WriteHeader(byte[] packed, long deadlineMs, int lastAccess)
    {
        DeadlineRef(packed) = deadlineMs;
        LruRef(packed) = lastAccess;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref long DeadlineRef(byte[] packed) => ref Unsafe.As<byte, long>(ref MemoryMarshal.GetArrayDataReference(packed));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref int LruRef(byte[] packed) => ref Unsafe.As<byte, int>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(packed), LruOffset));
}
