using System.Buffers;

namespace MiniStore.Protocol;

/// <summary>
/// The reader's buffer for requests that cannot be viewed in place (quoted lines, requests split across
/// segments). Grown on demand and reused; a buffer grown past <see cref="RetainedCapacity"/> is rented from the
/// shared pool and given back by <see cref="Trim"/>, so an idle connection never holds a megabyte.
/// </summary>
internal sealed class ScratchBuffer
{
    private const int RetainedCapacity = 64 * 1024;

    private byte[] _owned = new byte[256];
    private byte[]? _rented;

    public byte[] Current => _rented ?? _owned;

    /// <summary>At least <paramref name="length"/> bytes; the first <paramref name="preserve"/> bytes are kept.</summary>
    public Span<byte> Get(int length, int preserve = 0)
    {
        var current = Current;
        if (length <= current.Length)
        {
            return current;
        }

        var size = (int)Math.Min(Math.Max((long)length, (long)current.Length * 2), Array.MaxLength);
        byte[] next;
        if (size <= RetainedCapacity)
        {
            next = new byte[size];
            _owned = next;
        }
        else
        {
            next = ArrayPool<byte>.Shared.Rent(size);
        }

        current.AsSpan(0, preserve).CopyTo(next);
        if (_rented is not null && !ReferenceEquals(_rented, next))
        {
            ArrayPool<byte>.Shared.Return(_rented);
        }

        _rented = next == _owned ? null : next;
        return next;
    }

    /// <summary>Zeroes the buffer, e.g. after a password was decoded into it. Views into it become meaningless.</summary>
    public void Clear() => Array.Clear(Current);

    /// <summary>Gives a rented buffer back; call only when nothing refers to the scratch bytes any more.</summary>
    public void Trim()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
