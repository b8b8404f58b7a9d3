namespace MiniStore.Core;

/// <summary>
/// Compares keys byte for byte, and lets a dictionary keyed by <c>byte[]</c> be searched with a
/// <see cref="ReadOnlySpan{T}"/> so lookups never allocate a key.
/// </summary>
/// <remarks>
/// <see cref="HashCode"/> is seeded randomly per process, so a client cannot precompute colliding keys
/// to degrade a shard into a list (hash flooding).
/// </remarks>
public sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static ByteKeyComparer Instance { get; } = new();

    private ByteKeyComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    public static int Hash(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
