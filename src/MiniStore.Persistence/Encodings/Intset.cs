using System.Buffers.Binary;

namespace MiniStore.Persistence.Encodings;

/// <summary>Redis's intset (a small set of integers): 4-byte width (2, 4 or 8), 4-byte count, the integers sorted, little-endian.</summary>
public static class Intset
{
    public static List<byte[]> Decode(ReadOnlySpan<byte> intset)
    {
        if (intset.Length < 8)
        {
            throw new CorruptEncodingException("intset shorter than its header");
        }

        var width = BinaryPrimitives.ReadUInt32LittleEndian(intset);
        var count = BinaryPrimitives.ReadUInt32LittleEndian(intset[4..]);
        if (width is not (2 or 4 or 8))
        {
            throw new CorruptEncodingException($"intset has an invalid integer width {width}");
        }

        if (8 + ((long)count * width) != intset.Length)
        {
            throw new CorruptEncodingException($"intset of {count} integers of {width} bytes has {intset.Length} bytes");
        }

        var items = new List<byte[]>((int)count);
        var data = intset[8..];
        for (var i = 0; i < (int)count; i++)
        {
            long value = width switch
            {
                2 => BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]),
                4 => BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]),
                _ => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
            };
            items.Add(IntegerText.ToBytes(value));
        }

        return items;
    }
}
