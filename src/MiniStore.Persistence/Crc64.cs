namespace MiniStore.Persistence;

/// <summary>
/// The checksum that ends an RDB file: CRC-64 with the Jones polynomial (0xad93d23594c935a9), bits reflected on input
/// and output, initial value 0 and no final XOR, as redis' crc64.c. Computed eight bytes at a time (slicing-by-8) so
/// that it keeps up with the disk.
/// </summary>
public static class Crc64
{
    /// <summary>The Jones polynomial with its bits reversed, the form a reflected CRC shifts right with.</summary>
    private const ulong ReflectedPolynomial = 0x95ac9329ac4bc9b5UL;

    private static readonly ulong[][] Tables = BuildTables();

    /// <summary>The CRC of <paramref name="data"/> continued from <paramref name="crc"/> (0 to start).</summary>
    public static ulong Append(ulong crc, ReadOnlySpan<byte> data)
    {
        var t = Tables;
        while (data.Length >= 8)
        {
            var word = crc ^ System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = t[7][word & 0xff] ^ t[6][(word >> 8) & 0xff] ^ t[5][(word >> 16) & 0xff] ^ t[4][(word >> 24) & 0xff]
                ^ t[3][(word >> 32) & 0xff] ^ t[2][(word >> 40) & 0xff] ^ t[1][(word >> 48) & 0xff] ^ t[0][word >> 56];
            data = data[8..];
        }

        var table = t[0];
        foreach (var b in data)
        {
            crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return crc;
    }

    public static ulong Compute(ReadOnlySpan<byte> data) => Append(0, data);

    private static ulong[][] BuildTables()
    {
        var tables = new ulong[8][];
        tables[0] = new ulong[256];
        for (var i = 0; i < 256; i++)
        {
            var crc = (ulong)i;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }

            tables[0][i] = crc;
        }

        // Table k advances a byte through k further zero bytes, so eight lookups consume eight bytes.
        for (var k = 1; k < 8; k++)
        {
            tables[k] = new ulong[256];
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[k - 1][i];
                tables[k][i] = tables[0][previous & 0xff] ^ (previous >> 8);
            }
        }

        return tables;
    }
}
