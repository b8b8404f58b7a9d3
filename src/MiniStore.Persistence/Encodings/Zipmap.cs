using System.Buffers.Binary;

namespace MiniStore.Persistence.Encodings;

/// <summary>
/// Redis's zipmap (small hashes before 2.6, read from old files only): a count byte, then per pair a key length, the
/// key, a value length, a count of unused bytes, the value and those unused bytes; 0xFF ends it. A length is one byte
/// below 254, or 254 and four bytes.
/// </summary>
public static class Zipmap
{
    private const byte End = 0xFF;

    /// <summary>Fields and values, alternating.</summary>
    public static List<byte[]> Decode(ReadOnlySpan<byte> zipmap)
    {
        if (zipmap.Length < 2)
        {
            throw new CorruptEncodingException("zipmap shorter than its header");
        }

        var items = new List<byte[]>();
        var at = 1;
        while (true)
        {
            if (at >= zipmap.Length)
            {
                throw new CorruptEncodingException("zipmap has no end marker");
            }

            if (zipmap[at] == End)
            {
                break;
            }

            items.Add(ReadBytes(zipmap, ref at, ReadLength(zipmap, ref at)));
            var valueLength = ReadLength(zipmap, ref at);
            if (at >= zipmap.Length)
            {
                throw new CorruptEncodingException("zipmap entry runs past the end");
            }

            int free = zipmap[at++];
            items.Add(ReadBytes(zipmap, ref at, valueLength));
            at += free;
        }

        if (at != zipmap.Length - 1)
        {
            throw new CorruptEncodingException("zipmap has bytes after its end marker");
        }

        return items;
    }

    private static int ReadLength(ReadOnlySpan<byte> zm, ref int at)
    {
        if (at >= zm.Length)
        {
            throw new CorruptEncodingException("zipmap entry runs past the end");
        }

        var b = zm[at++];
        if (b < 254)
        {
            return b;
        }

        if (b == 254 && at + 4 <= zm.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(zm[at..]);
            at += 4;
            if (length <= int.MaxValue)
            {
                return (int)length;
            }
        }

        throw new CorruptEncodingException("zipmap has an invalid length");
    }

    private static byte[] ReadBytes(ReadOnlySpan<byte> zm, ref int at, int length)
    {
        if ((long)at + length > zm.Length)
        {
            throw new CorruptEncodingException("zipmap entry runs past the end");
        }

        var value = zm.Slice(at, length).ToArray();
        at += length;
        return value;
    }
}
