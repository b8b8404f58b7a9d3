using System.Buffers.Binary;

namespace MiniStore.Persistence.Encodings;

/// <summary>
/// Redis's listpack (7.0's encoding of small hashes, sorted sets and list nodes): a 4-byte total size, a 2-byte element
/// count (65535: count unknown), the elements, and a 0xFF terminator. Each element is an encoding byte (a small integer,
/// a 13/16/24/32/64-bit integer, or a string with a 6/12/32-bit length), its data, and its own length written
/// backwards (so the list can be walked from the end; forwards we only skip it).
/// </summary>
public static class Listpack
{
    private const int HeaderBytes = 6;
    private const byte End = 0xFF;

    /// <summary>The elements, integers as their decimal text. Throws <see cref="CorruptEncodingException"/> on bad bytes.</summary>
    public static List<byte[]> Decode(ReadOnlySpan<byte> listpack)
    {
        if (listpack.Length < HeaderBytes + 1)
        {
            throw new CorruptEncodingException("listpack shorter than its header");
        }

        var total = BinaryPrimitives.ReadUInt32LittleEndian(listpack);
        if (total != listpack.Length)
        {
            throw new CorruptEncodingException($"listpack says {total} bytes but has {listpack.Length}");
        }

        int declared = BinaryPrimitives.ReadUInt16LittleEndian(listpack[4..]);
        var items = new List<byte[]>(declared == ushort.MaxValue ? 16 : declared);
        var at = HeaderBytes;
        while (true)
        {
            if (at >= listpack.Length)
            {
                throw new CorruptEncodingException("listpack has no end marker");
            }

            if (listpack[at] == End)
            {
                break;
            }

            var start = at;
            items.Add(ReadElement(listpack, ref at));
            var backlen = BacklenSize(at - start);
            if (at + backlen > listpack.Length)
            {
                throw new CorruptEncodingException("listpack element runs past the end");
            }

            at += backlen;
        }

        if (at != listpack.Length - 1)
        {
            throw new CorruptEncodingException("listpack has bytes after its end marker");
        }

        if (declared != ushort.MaxValue && declared != items.Count)
        {
            throw new CorruptEncodingException($"listpack says {declared} elements but has {items.Count}");
        }

        return items;
    }

    /// <summary>The bytes <paramref name="element"/> takes in a listpack, backlen included.</summary>
    public static int EncodedSize(ReadOnlySpan<byte> element)
    {
        var size = IntegerText.TryParseCanonical(element, out var value) ? IntegerSize(value) : StringHeaderSize(element.Length) + element.Length;
        return size + BacklenSize(size);
    }

    /// <summary>
    /// A listpack of <paramref name="items"/>: integers in canonical decimal text stored as integers, as Redis does.
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte[]> items)
    {
        long total = HeaderBytes + 1;
        foreach (var item in items)
        {
            total += EncodedSize(item);
        }

        if (total > uint.MaxValue)
        {
            throw new InvalidOperationException("A listpack cannot exceed 4 GiB.");
        }

        var buffer = new byte[total];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), (ushort)Math.Min(items.Length, ushort.MaxValue));
        var at = HeaderBytes;
        foreach (var item in items)
        {
            var start = at;
            if (IntegerText.TryParseCanonical(item, out var value))
            {
                WriteInteger(buffer, ref at, value);
            }
            else
            {
                WriteString(buffer, ref at, item);
            }

            WriteBacklen(buffer, ref at, at - start);
        }

        buffer[at] = End;
        return buffer;
    }

    private static byte[] ReadElement(ReadOnlySpan<byte> lp, ref int at)
    {
        var b = lp[at];
        if ((b & 0x80) == 0)
        {
            at++;
            return IntegerText.ToBytes(b & 0x7F);
        }

        if ((b & 0xC0) == 0x80)
        {
            return ReadString(lp, ref at, 1, b & 0x3F);
        }

        if ((b & 0xE0) == 0xC0)
        {
            Need(lp, at, 2);
            var raw = (b & 0x1F) << 8 | lp[at + 1];
            at += 2;
            return IntegerText.ToBytes(raw >= 1 << 12 ? raw - (1 << 13) : raw);
        }

        if ((b & 0xF0) == 0xE0)
        {
            Need(lp, at, 2);
            return ReadString(lp, ref at, 2, (b & 0x0F) << 8 | lp[at + 1]);
        }

        switch (b)
        {
            case 0xF0:
                Need(lp, at, 5);
                var length = BinaryPrimitives.ReadUInt32LittleEndian(lp[(at + 1)..]);
                if (length > int.MaxValue)
                {
                    throw new CorruptEncodingException("listpack string too long");
                }

                return ReadString(lp, ref at, 5, (int)length);
            case 0xF1:
                Need(lp, at, 3);
                at += 3;
                return IntegerText.ToBytes(BinaryPrimitives.ReadInt16LittleEndian(lp[(at - 2)..]));
            case 0xF2:
                Need(lp, at, 4);
                var v24 = lp[at + 1] | lp[at + 2] << 8 | lp[at + 3] << 16;
                at += 4;
                return IntegerText.ToBytes(v24 << 8 >> 8);
            case 0xF3:
                Need(lp, at, 5);
                at += 5;
                return IntegerText.ToBytes(BinaryPrimitives.ReadInt32LittleEndian(lp[(at - 4)..]));
            case 0xF4:
                Need(lp, at, 9);
                at += 9;
                return IntegerText.ToBytes(BinaryPrimitives.ReadInt64LittleEndian(lp[(at - 8)..]));
            default:
                throw new CorruptEncodingException($"listpack has an unknown element encoding 0x{b:x2}");
        }
    }

    private static byte[] ReadString(ReadOnlySpan<byte> lp, ref int at, int header, int length)
    {
        Need(lp, at, header + length);
        var value = lp.Slice(at + header, length).ToArray();
        at += header + length;
        return value;
    }

    private static void Need(ReadOnlySpan<byte> lp, int at, int bytes)
    {
        if ((long)at + bytes > lp.Length - 1)
        {
            throw new CorruptEncodingException("listpack element runs past the end");
        }
    }

    private static int IntegerSize(long value) => value switch
    {
        >= 0 and <= 127 => 1,
        >= -4096 and <= 4095 => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= -(1 << 23) and < 1 << 23 => 4,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 9,
    };

    private static int StringHeaderSize(int length) => length < 64 ? 1 : length < 4096 ? 2 : 5;

    /// <summary>Bytes of the backwards length of an element of <paramref name="length"/> bytes (Redis's thresholds, exactly).</summary>
    private static int BacklenSize(int length) => length <= 127 ? 1 : length < 16383 ? 2 : length < 2097151 ? 3 : length < 268435455 ? 4 : 5;

    private static void WriteInteger(byte[] buffer, ref int at, long value)
    {
        switch (IntegerSize(value))
        {
            case 1:
                buffer[at++] = (byte)value;
                break;
            case 2:
                buffer[at++] = (byte)(0xC0 | ((value >> 8) & 0x1F));
                buffer[at++] = (byte)value;
                break;
            case 3:
                buffer[at++] = 0xF1;
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(at), (short)value);
                at += 2;
                break;
            case 4:
                buffer[at++] = 0xF2;
                buffer[at++] = (byte)value;
                buffer[at++] = (byte)(value >> 8);
                buffer[at++] = (byte)(value >> 16);
                break;
            case 5:
                buffer[at++] = 0xF3;
                BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(at), (int)value);
                at += 4;
                break;
            default:
                buffer[at++] = 0xF4;
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(at), value);
                at += 8;
                break;
        }
    }

    private static void WriteString(byte[] buffer, ref int at, ReadOnlySpan<byte> value)
    {
        var length = value.Length;
        if (length < 64)
        {
            buffer[at++] = (byte)(0x80 | length);
        }
        else if (length < 4096)
        {
            buffer[at++] = (byte)(0xE0 | (length >> 8));
            buffer[at++] = (byte)length;
        }
        else
        {
            buffer[at++] = 0xF0;
            BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), (uint)length);
            at += 4;
        }

        value.CopyTo(buffer.AsSpan(at));
        at += length;
    }

    /// <summary>The element's length in 7-bit groups, most significant first; every byte but the first has its top bit set.</summary>
    private static void WriteBacklen(byte[] buffer, ref int at, int length)
    {
        var size = BacklenSize(length);
        for (var i = 0; i < size; i++)
        {
            var group = (length >> (7 * (size - 1 - i))) & 0x7F;
            buffer[at++] = (byte)(i == 0 ? group : group | 0x80);
        }
    }
}
