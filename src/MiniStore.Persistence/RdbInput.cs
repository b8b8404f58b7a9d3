using System.Buffers.Binary;
using System.Globalization;

namespace MiniStore.Persistence;

/// <summary>
/// The reading end of an RDB file: its primitives from a buffered stream, with the byte offset (for error messages)
/// and the running CRC-64 of everything consumed. Every length is checked against what is left of the file before
/// anything is allocated for it, so a corrupt length is an error, never a huge allocation.
/// </summary>
internal sealed class RdbInput(Stream stream, long length)
{
    private const int BufferBytes = 256 * 1024;

    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _position;
    private int _filled;
    private int _checksummed;
    private long _bufferOffset;
    private ulong _crc;

    /// <summary>Offset of the next byte to read.</summary>
    public long Offset => _bufferOffset + _position;

    /// <summary>The file's size; long.MaxValue when the stream cannot tell.</summary>
    public long Length { get; } = length >= 0 ? length : long.MaxValue;

    /// <summary>The CRC-64 of every byte read so far.</summary>
    public ulong Checksum
    {
        get
        {
            _crc = Crc64.Append(_crc, _buffer.AsSpan(_checksummed, _position - _checksummed));
            _checksummed = _position;
            return _crc;
        }
    }

    public byte ReadByte()
    {
        if (_position == _filled && !Refill())
        {
            throw Truncated();
        }

        return _buffer[_position++];
    }

    public void ReadExact(Span<byte> destination)
    {
        while (destination.Length > 0)
        {
            if (_position == _filled && !Refill())
            {
                throw Truncated();
            }

            var n = Math.Min(destination.Length, _filled - _position);
            _buffer.AsSpan(_position, n).CopyTo(destination);
            _position += n;
            destination = destination[n..];
        }
    }

    public void Skip(long count)
    {
        while (count > 0)
        {
            if (_position == _filled && !Refill())
            {
                throw Truncated();
            }

            var n = (int)Math.Min(count, _filled - _position);
            _position += n;
            count -= n;
        }
    }

    public uint ReadUInt32LittleEndian()
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExact(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64LittleEndian()
    {
        Span<byte> bytes = stackalloc byte[8];
        ReadExact(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>A length; <paramref name="encoding"/> is the special-encoding number when the byte says "encoded string" instead (else -1).</summary>
    public ulong ReadLength(out int encoding)
    {
        var at = Offset;
        var first = ReadByte();
        encoding = -1;
        switch (first >> 6)
        {
            case RdbFormat.Len6Bit:
                return (ulong)(first & 0x3F);
            case RdbFormat.Len14Bit:
                return (ulong)((first & 0x3F) << 8 | ReadByte());
            case RdbFormat.LenEncoded:
                encoding = first & 0x3F;
                return 0;
        }

        Span<byte> bytes = stackalloc byte[8];
        if (first == RdbFormat.Len32Bit)
        {
            ReadExact(bytes[..4]);
            return BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }

        if (first == RdbFormat.Len64Bit)
        {
            ReadExact(bytes);
            return BinaryPrimitives.ReadUInt64BigEndian(bytes);
        }

        throw new RdbFormatException(at, $"invalid length encoding 0x{first:x2}");
    }

    /// <summary>A length that must be a plain length (a count), not an encoded string.</summary>
    public ulong ReadLength()
    {
        var at = Offset;
        var length = ReadLength(out var encoding);
        if (encoding >= 0)
        {
            throw new RdbFormatException(at, "an encoded string where a length was expected");
        }

        return length;
    }

    /// <summary>A count of things each taking at least <paramref name="minimumBytes"/> bytes: checked against what is left.</summary>
    public int ReadCount(int minimumBytes = 1)
    {
        var at = Offset;
        var count = ReadLength();
        if (count > int.MaxValue || (long)count * minimumBytes > Length - Offset)
        {
            throw new RdbFormatException(at, $"bad length {count}: more than the rest of the file can hold");
        }

        return (int)count;
    }

    /// <summary>A string in any of its encodings (raw, 8/16/32-bit integer, LZF).</summary>
    public byte[] ReadString()
    {
        var at = Offset;
        var length = ReadLength(out var encoding);
        switch (encoding)
        {
            case -1:
                return ReadBytes(at, length);
            case RdbFormat.EncInt8:
                return Ascii((sbyte)ReadByte());
            case RdbFormat.EncInt16:
            {
                Span<byte> bytes = stackalloc byte[2];
                ReadExact(bytes);
                return Ascii(BinaryPrimitives.ReadInt16LittleEndian(bytes));
            }

            case RdbFormat.EncInt32:
                return Ascii((int)ReadUInt32LittleEndian());
            case RdbFormat.EncLzf:
                return ReadCompressed(at);
            default:
                throw new RdbFormatException(at, $"unknown string encoding {encoding}");
        }
    }

    /// <summary>Reads past a string without keeping it (values of types we skip).</summary>
    public void SkipString()
    {
        var at = Offset;
        var length = ReadLength(out var encoding);
        switch (encoding)
        {
            case -1:
                CheckRemaining(at, length);
                Skip((long)length);
                break;
            case RdbFormat.EncInt8:
                Skip(1);
                break;
            case RdbFormat.EncInt16:
                Skip(2);
                break;
            case RdbFormat.EncInt32:
                Skip(4);
                break;
            case RdbFormat.EncLzf:
                var compressed = ReadLength();
                ReadLength();
                CheckRemaining(at, compressed);
                Skip((long)compressed);
                break;
            default:
                throw new RdbFormatException(at, $"unknown string encoding {encoding}");
        }
    }

    /// <summary>A score as the old ZSET type writes it: a length byte (253 NaN, 254 +inf, 255 -inf) and ASCII.</summary>
    public double ReadTextDouble()
    {
        var at = Offset;
        var length = ReadByte();
        switch (length)
        {
            case 253:
                return double.NaN;
            case 254:
                return double.PositiveInfinity;
            case 255:
                return double.NegativeInfinity;
        }

        Span<byte> text = stackalloc byte[length];
        ReadExact(text);
        return ParseDouble(text, out var value) ? value : throw new RdbFormatException(at, "invalid double");
    }

    public double ReadBinaryDouble() => BitConverter.UInt64BitsToDouble(ReadUInt64LittleEndian());

    /// <summary>strtod's reading of a score's text: decimal or exponent forms, and inf/-inf/+inf.</summary>
    public static bool ParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        var s = System.Text.Encoding.ASCII.GetString(text);
        switch (s.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
            case "nan" or "-nan":
                value = double.NaN;
                return true;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public RdbFormatException Truncated() => new(Offset, $"unexpected end of file (the file has {(Length == long.MaxValue ? "fewer" : Length.ToString(CultureInfo.InvariantCulture))} bytes)");

    private static byte[] Ascii(long value) => Encodings.IntegerText.ToBytes(value);

    private byte[] ReadBytes(long at, ulong length)
    {
        CheckRemaining(at, length);
        var value = new byte[length];
        ReadExact(value);
        return value;
    }

    private byte[] ReadCompressed(long at)
    {
        var compressedLength = ReadLength();
        var length = ReadLength();
        CheckRemaining(at, compressedLength);

        // LZF expands at most about 100 times (a 2-byte reference copies up to 264 bytes, a 3-byte one 264).
        if (length > (ulong)Array.MaxLength || length > compressedLength * 132 + 64)
        {
            throw new RdbFormatException(at, $"bad length {length} for an LZF string of {compressedLength} bytes");
        }

        var compressed = new byte[compressedLength];
        ReadExact(compressed);
        var value = new byte[length];
        if (!Lzf.TryDecompress(compressed, value))
        {
            throw new RdbFormatException(at, "invalid LZF compressed string");
        }

        return value;
    }

    private void CheckRemaining(long at, ulong length)
    {
        if (length > (ulong)Math.Max(0, Length - Offset) || length > (ulong)Array.MaxLength)
        {
            throw new RdbFormatException(at, $"bad length {length}: more than the {Math.Max(0, Length - Offset)} bytes left in the file");
        }
    }

    private bool Refill()
    {
        _crc = Crc64.Append(_crc, _buffer.AsSpan(_checksummed, _position - _checksummed));
        _bufferOffset += _position;
        _position = 0;
        _checksummed = 0;
        _filled = 0;
        while (_filled < _buffer.Length)
        {
            var n = stream.Read(_buffer, _filled, _buffer.Length - _filled);
            if (n == 0)
            {
                break;
            }

            _filled += n;
            if (_filled > 0)
            {
                break;
            }
        }

        return _filled > 0;
    }
}
