using System.Text;
using MiniStore.Core;

namespace MiniStore.Persistence.Tests;

/// <summary>
/// Encodings redis-server 7 no longer writes but older files hold (zipmap, ziplist, quicklist 1, the text-score ZSET,
/// second-precision expiry), in a file built byte by byte, as a Redis 4–6 file lays them out.
/// </summary>
public sealed class OldFormatTests
{
    [Fact]
    public void AVersion9File_WithEveryOldEncoding_LoadsItsKeys()
    {
        var file = new MemoryStream();
        var output = new RdbOutput(file, compress: false);
        output.Write("REDIS0009"u8);
        output.WriteByte(RdbFormat.OpSelectDb);
        output.WriteLength(0);

        Key(output, RdbFormat.TypeListZiplist, "list:ziplist", Ziplist("a", "7", "bb"));
        Key(output, RdbFormat.TypeHashZiplist, "hash:ziplist", Ziplist("f1", "v1", "f2", "12"));
        Key(output, RdbFormat.TypeZsetZiplist, "zset:ziplist", Ziplist("m1", "1.5", "m2", "3", "m3", "-inf"));
        Key(output, RdbFormat.TypeHashZipmap, "hash:zipmap", [1, 1, (byte)'k', 1, 0, (byte)'v', 0xFF]);
        Key(output, RdbFormat.TypeSetIntset, "set:intset", [2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0]);

        output.WriteByte(RdbFormat.TypeListQuicklist);
        output.WriteString(Encoding.ASCII.GetBytes("list:quicklist"));
        output.WriteLength(2);
        output.WriteString(Ziplist("x", "y"));
        output.WriteString(Ziplist("z"));

        output.WriteByte(RdbFormat.TypeZset);
        output.WriteString(Encoding.ASCII.GetBytes("zset:text"));
        output.WriteLength(2);
        output.WriteString(Encoding.ASCII.GetBytes("a"));
        output.WriteByte(3);
        output.Write("2.5"u8);
        output.WriteString(Encoding.ASCII.GetBytes("b"));
        output.WriteByte(254);

        output.WriteByte(RdbFormat.TypeList);
        output.WriteString(Encoding.ASCII.GetBytes("list:plain"));
        output.WriteLength(2);
        output.WriteString(Encoding.ASCII.GetBytes("p"));
        output.WriteString(Encoding.ASCII.GetBytes("q"));

        // A second-precision expiry far in the future (year 2100).
        output.WriteByte(RdbFormat.OpExpireTime);
        output.Write([0x80, 0x43, 0x6D, 0xF4]);
        output.WriteByte(RdbFormat.TypeString);
        output.WriteString(Encoding.ASCII.GetBytes("str:expires"));
        output.WriteString(Encoding.ASCII.GetBytes("v"));

        output.WriteByte(RdbFormat.OpEof);
        output.WriteChecksum();
        file.Position = 0;

        using var store = new KeyStore();
        var result = RdbLoader.Load(store, file);
        Assert.Equal(9, result.KeysLoaded);
        var keys = store.Snapshot().ToDictionary(k => Encoding.ASCII.GetString(k.Key), k => Keyspace.Describe(k));
        Assert.Equal(Describe(["a", "7", "bb"], "list"), keys["list:ziplist"]);
        Assert.Equal(Describe(["x", "y", "z"], "list"), keys["list:quicklist"]);
        Assert.Equal(Describe(["p", "q"], "list"), keys["list:plain"]);
        Assert.Equal("hash:" + string.Join(',', new[] { Hex("f1") + "=" + Hex("v1"), Hex("f2") + "=" + Hex("12") }.Order(StringComparer.Ordinal)), keys["hash:ziplist"]);
        Assert.Equal("hash:" + Hex("k") + "=" + Hex("v"), keys["hash:zipmap"]);
        Assert.Equal("set:" + string.Join(',', new[] { Hex("1"), Hex("2") }.Order(StringComparer.Ordinal)), keys["set:intset"]);
        Assert.Equal($"zset:{Hex("m3")}@-Infinity,{Hex("m1")}@1.5,{Hex("m2")}@3", keys["zset:ziplist"].Replace("-∞", "-Infinity", StringComparison.Ordinal));
        Assert.StartsWith($"zset:{Hex("a")}@2.5,{Hex("b")}@", keys["zset:text"], StringComparison.Ordinal);
        Assert.InRange(store.TimeToLiveMs("str:expires"u8), 1, long.MaxValue);
    }

    private static void Key(RdbOutput output, byte type, string key, byte[] blob)
    {
        output.WriteByte(type);
        output.WriteString(Encoding.ASCII.GetBytes(key));
        output.WriteString(blob);
    }

    /// <summary>A ziplist: small integers 0..12 in the encoding byte, anything else as a 6-bit-length string.</summary>
    private static byte[] Ziplist(params string[] items)
    {
        var entries = new List<byte>();
        var previous = 0;
        foreach (var item in items)
        {
            var entry = new List<byte> { (byte)previous };
            if (int.TryParse(item, out var n) && n is >= 0 and <= 12 && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == item)
            {
                entry.Add((byte)(0xF1 + n));
            }
            else
            {
                entry.Add((byte)item.Length);
                entry.AddRange(Encoding.ASCII.GetBytes(item));
            }

            previous = entry.Count;
            entries.AddRange(entry);
        }

        var zl = new List<byte>();
        zl.AddRange(BitConverter.GetBytes(10 + entries.Count + 1));
        zl.AddRange(BitConverter.GetBytes(0));
        zl.AddRange(BitConverter.GetBytes((ushort)items.Length));
        zl.AddRange(entries);
        zl.Add(0xFF);
        return [.. zl];
    }

    private static string Hex(string text) => Convert.ToHexString(Encoding.ASCII.GetBytes(text));

    private static string Describe(string[] items, string type) => type + ":" + string.Join(',', items.Select(Hex));
}
