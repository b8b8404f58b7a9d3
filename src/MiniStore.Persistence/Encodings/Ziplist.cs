using System.Buffers.Binary;

namespace MiniStore.Persistence.Encodings;

/// <summary>
/// Redis's ziplist, the compact encoding before 7.0 (read from older files only): 4-byte total size, 4-byte offset of
/// the last entry, 2-byte count (65535: unknown), the entries, 0xFF. Each entry is the previous entry's length (1 byte,
/// or 0xFE and 4 bytes), an encoding (a string with a 6/14/32-bit length, or an 8/16/24/32/64-bit integer, or 0..12 in
/// the encoding byte itself), and its data.
/// </summary>
public static class Ziplist
{
    private const int HeaderBytes = 10;
    private const byte End = 0xFF;

    public static List<byte[]> Decode(ReadOnlySpan<byte> ziplist)
    {
        if (ziplist.Length < HeaderBytes + 1)
        {
            throw new CorruptEncodingException("ziplist shorter than its header");
        }

        var total = BinaryPrimitives.ReadUInt32LittleEndian(ziplist);
        if (total != ziplist.Length)
        {
            throw new CorruptEncodingException($"ziplist says {total} bytes but has {ziplist.Length}");
        }

        int declared = BinaryPrimitives.ReadUInt16LittleEndian(ziplist[8..]);
        var items = new List<byte[]>(declared == ushort.MaxValue ? 16 : declared);
        var at = HeaderBytes;
        while (true)
        {
            if (at >= ziplist.Length)
            {
                throw new CorruptEncodingException("ziplist has no end marker");
            }

            if (ziplist[at] == End)
            {
                break;
            }

            // The previous entry's length: needed only to walk backwards.
            at += ziplist[at] == 0xFE ? 5 : 1;
            Need(ziplist, at, 1);
            items.Add(ReadEntry(ziplist, ref at));
        }

        if (at != ziplist.Length - 1)
        {
            throw new CorruptEncodingException("ziplist has bytes after its end marker");
        }

        if (declared != ushort.MaxValue && declared != items.Count)
        {
            throw new CorruptEncodingException($"ziplist says {declared} entries but has {items.Count}");
        }

        return items;
    }

    private static byte[] ReadEntry(ReadOnlySpan<byte> zl, ref int at)
    {
        var b = zl[at];
        switch (b >> 6)
        {
            case 0:
                return ReadString(zl, ref at, 1, b & 0x3F);
            case 1:
                Need(zl, at, 2);
                return ReadString(zl, ref at, 2, (b & 0x3F) << 8 | zl[at + 1]);
            case 2:
                Need(zl, at, 5);
                var length = BinaryPrimitives.ReadUInt32BigEndian(zl[(at + 1)..]);
                if (length > int.MaxValue)
                {
                    throw new CorruptEncodingException("ziplist string too long");
                }

                return ReadString(zl, ref at, 5, (int)length);
        }

        long value;
        switch (b)
        {
            case 0xC0:
                Need(zl, at, 3);
                value = BinaryPrimitives.ReadInt16LittleEndian(zl[(at + 1)..]);
                at += 3;
                break;
            case 0xD0:
                Need(zl, at, 5);
                value = BinaryPrimitives.ReadInt32LittleEndian(zl[(at + 1)..]);
                at += 5;
                break;
            case 0xE0:
                Need(zl, at, 9);
                value = BinaryPrimitives.ReadInt64LittleEndian(zl[(at + 1)..]);
                at += 9;
                break;
            case 0xF0:
                Need(zl, at, 4);
                value = (zl[at + 1] | zl[at + 2] << 8 | zl[at + 3] << 16) << 8 >> 8;
                at += 4;
                break;
            case 0xFE:
                Need(zl, at, 2);
                value = (sbyte)zl[at + 1];
                at += 2;
                break;
            case >= 0xF1 and <= 0xFD:
                value = (b & 0x0F) - 1;
                at += 1;
                break;
            default:
                throw new CorruptEncodingException($"ziplist has an unknown entry encoding 0x{b:x2}");
        }

        return IntegerText.ToBytes(value);
    }

    private static byte[] ReadString(ReadOnlySpan<byte> zl, ref int at, int header, int length)
    {
        Need(zl, at, header + length);
        var value = zl.Slice(at + header, length).ToArray();
        at += header + length;
        return value;
    }

    private static void Need(ReadOnlySpan<byte> zl, int at, int bytes)
    {
        if ((long)at + bytes > zl.Length - 1)
        {
            throw new CorruptEncodingException("ziplist entry runs past the end");
        }
    }
}
