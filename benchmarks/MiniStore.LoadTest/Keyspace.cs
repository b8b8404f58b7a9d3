using System.Buffers.Text;

namespace MiniStore.LoadTest;

/// <summary>
/// Key and value bytes for a key index, and which keys this run has written: a GET of a key the run SET must
/// return exactly the value written, while any other key may hold anything (an earlier run's data) or nothing.
/// </summary>
public sealed class Keyspace
{
    public const int KeyLength = 16;

    private static readonly byte[] Prefix = "key:"u8.ToArray();
    private readonly int[] _written;

    public Keyspace(int size, int valueSize)
    {
        Size = size;
        ValueSize = valueSize;
        _written = new int[(size + 31) / 32];
    }

    public int Size { get; }

    public int ValueSize { get; }

    /// <summary><c>key:</c> and the index in 12 digits, into <paramref name="destination"/> (16 bytes).</summary>
    public static void WriteKey(long index, Span<byte> destination)
    {
        Prefix.CopyTo(destination);
        Utf8Formatter.TryFormat(index, destination[Prefix.Length..KeyLength], out _, new System.Buffers.StandardFormat('D', 12));
    }

    /// <summary>The value this run stores under a key: its index, then filler, cut to the value size.</summary>
    public void WriteValue(long index, Span<byte> destination)
    {
        var value = destination[..ValueSize];
        value.Fill((byte)'x');
        Span<byte> digits = stackalloc byte[24];
        digits[0] = (byte)'v';
        Utf8Formatter.TryFormat(index, digits[1..], out var written);
        digits[..Math.Min(written + 1, ValueSize)].CopyTo(value);
    }

    public void MarkWritten(long index) => Interlocked.Or(ref _written[index >> 5], 1 << (int)(index & 31));

    public void MarkDeleted(long index) => Interlocked.And(ref _written[index >> 5], ~(1 << (int)(index & 31)));

    public bool IsWritten(long index) => (Volatile.Read(ref _written[index >> 5]) & (1 << (int)(index & 31))) != 0;
}
