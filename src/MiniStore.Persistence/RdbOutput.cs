using System.Buffers;
using System.Buffers.Binary;
using MiniStore.Persistence.Encodings;

namespace MiniStore.Persistence;

/// <summary>
/// The writing end of an RDB file: its primitives (lengths, strings, doubles) into a fixed buffer that is checksummed
/// and handed to the stream whenever it fills, so a file of any size is streamed, never built in memory.
/// </summary>
internal sealed class RdbOutput(Stream stream, bool compress)
{
    private const int BufferBytes = 256 * 1024;

    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;
    private ulong _crc;
    private long _flushed;

    /// <summary>Bytes written so far, buffered ones included.</summary>
    public long Position => _flushed + _used;

    public void WriteByte(byte value)
    {
        if (_used == _buffer.Length)
        {
            Flush();
        }

        _buffer[_used++] = value;
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            if (_used == _buffer.Length)
            {
                Flush();
            }

            var n = Math.Min(data.Length, _buffer.Length - _used);
            data[..n].CopyTo(_buffer.AsSpan(_used));
            _used += n;
            data = data[n..];
        }
    }

    /// <summary>A length: 6 bits in one byte, 14 bits in two, else a marker byte and 32 or 64 bits big-endian.</summary>
    public void WriteLength(ulong length)
    {
        Span<byte> bytes = stackalloc byte[9];
        if (length < 1 << 6)
        {
            WriteByte((byte)length);
        }
        else if (length < 1 << 14)
        {
            bytes[0] = (byte)(RdbFormat.Len14Bit << 6 | (int)(length >> 8));
            bytes[1] = (byte)length;
            Write(bytes[..2]);
        }
        else if (length <= uint.MaxValue)
        {
            bytes[0] = RdbFormat.Len32Bit;
            BinaryPrimitives.WriteUInt32BigEndian(bytes[1..], (uint)length);
            Write(bytes[..5]);
        }
        else
        {
            bytes[0] = RdbFormat.Len64Bit;
            BinaryPrimitives.WriteUInt64BigEndian(bytes[1..], length);
            Write(bytes);
        }
    }

    /// <summary>
    /// A string, as redis-server writes one: as an 8/16/32-bit integer when it is the canonical text of one, LZF
    /// compressed when longer than 20 bytes and compression saves at least 4 bytes, else raw.
    /// </summary>
    public void WriteString(ReadOnlySpan<byte> value)
    {
        if (value.Length <= 11 && IntegerText.TryParseCanonical(value, out var number) && number is >= int.MinValue and <= int.MaxValue)
        {
            WriteInteger((int)number);
            return;
        }

        if (compress && value.Length > RdbFormat.CompressMinLength && TryWriteCompressed(value))
        {
            return;
        }

        WriteLength((ulong)value.Length);
        Write(value);
    }

    public void WriteString(string ascii) => WriteString(System.Text.Encoding.UTF8.GetBytes(ascii));

    public void WriteUInt64LittleEndian(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        Write(bytes);
    }

    public void WriteDouble(double value) => WriteUInt64LittleEndian(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes the checksum of everything so far (little-endian), and flushes.</summary>
    public void WriteChecksum()
    {
        Flush();
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, _crc);
        stream.Write(bytes);
        _flushed += 8;
    }

    public void Flush()
    {
        if (_used == 0)
        {
            return;
        }

        _crc = Crc64.Append(_crc, _buffer.AsSpan(0, _used));
        stream.Write(_buffer, 0, _used);
        _flushed += _used;
        _used = 0;
    }

    private void WriteInteger(int number)
    {
        Span<byte> bytes = stackalloc byte[5];
        if (number is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            bytes[0] = RdbFormat.LenEncoded << 6 | RdbFormat.EncInt8;
            bytes[1] = (byte)number;
            Write(bytes[..2]);
        }
        else if (number is >= short.MinValue and <= short.MaxValue)
        {
            bytes[0] = RdbFormat.LenEncoded << 6 | RdbFormat.EncInt16;
            BinaryPrimitives.WriteInt16LittleEndian(bytes[1..], (short)number);
            Write(bytes[..3]);
        }
        else
        {
            bytes[0] = RdbFormat.LenEncoded << 6 | RdbFormat.EncInt32;
            BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], number);
            Write(bytes);
        }
    }

    private bool TryWriteCompressed(ReadOnlySpan<byte> value)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(value.Length - 4);
        try
        {
            var compressed = Lzf.Compress(value, scratch.AsSpan(0, value.Length - 4));
            if (compressed == 0)
            {
                return false;
            }

            WriteByte(RdbFormat.LenEncoded << 6 | RdbFormat.EncLzf);
            WriteLength((ulong)compressed);
            WriteLength((ulong)value.Length);
            Write(scratch.AsSpan(0, compressed));
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
