using System.Text;
using MiniStore.Core;

namespace MiniStore.Persistence.Tests;

/// <summary>Stores filled with every type MiniStore has, in the sizes and shapes that exercise every encoding.</summary>
internal static class Datasets
{
    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Every type, small and big, with integer-like and compressible strings, binary bytes and expiries.</summary>
    public static void FillEveryType(KeyStore store)
    {
        var random = new Random(42);
        Put(store, "str:small", Bytes("hello"));
        Put(store, "str:empty", Array.Empty<byte>());
        Put(store, "str:int8", Bytes("-12"));
        Put(store, "str:int16", Bytes("3000"));
        Put(store, "str:int32", Bytes("-2000000000"));
        Put(store, "str:int64", Bytes("9223372036854775807"));
        Put(store, "str:leading-zero", Bytes("007"));
        Put(store, "str:compressible", Bytes(string.Concat(Enumerable.Repeat("abcdefgh", 1000))));
        Put(store, "str:binary", RandomBytes(random, 3000));
        Put(store, "str:big", RandomText(random, 200_000));
        Put(store, "str:ttl", Bytes("soon"), store.DeadlineAt(store.UnixMsOf(store.NowMs) + 3_600_000));
        Put(store, "str:ttl-long", Bytes("later"), store.DeadlineAt(store.UnixMsOf(store.NowMs) + 86_400_000L * 300));
        Put(store, [0, 0xff, 10, 13], Bytes("binary key"));

        var smallHash = new HashValue();
        smallHash.Set(Bytes("a"), Bytes("1"));
        smallHash.Set(Bytes("b"), Bytes("two"));
        smallHash.Set(Bytes("-5"), Bytes("-70000"));
        Put(store, "hash:small", smallHash, store.DeadlineAt(store.UnixMsOf(store.NowMs) + 7_200_000));
        var bigHash = new HashValue();
        for (var i = 0; i < 1000; i++)
        {
            bigHash.Set(Bytes($"field:{i}"), i % 3 == 0 ? Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : RandomText(random, i % 100));
        }

        Put(store, "hash:big", bigHash);

        var smallList = new ListValue();
        foreach (var item in new[] { "x", "1", "-1", "127", "128", "-4096", "4095", "40000", "-8388608", "2147483647", "-9223372036854775808", string.Empty, new string('y', 100), new string('z', 5000) })
        {
            smallList.PushBack(Bytes(item));
        }

        Put(store, "list:small", smallList);
        var bigList = new ListValue();
        for (var i = 0; i < 20_000; i++)
        {
            bigList.PushBack(i % 2 == 0 ? Bytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)) : RandomText(random, i % 70));
        }

        Put(store, "list:big", bigList, store.DeadlineAt(store.UnixMsOf(store.NowMs) + 50_000_000));

        var intSet = new SetValue();
        foreach (var n in new[] { "1", "-1", "300", "70000", "-5000000000" })
        {
            intSet.Add(Bytes(n));
        }

        Put(store, "set:ints", intSet);
        var bigSet = new SetValue();
        for (var i = 0; i < 3000; i++)
        {
            bigSet.Add(Bytes($"member-{i}-{new string('m', i % 40)}"));
        }

        Put(store, "set:big", bigSet);

        var smallZset = new SortedSetValue();
        smallZset.Set(Bytes("a"), 1);
        smallZset.Set(Bytes("b"), -2.5);
        smallZset.Set(Bytes("c"), double.PositiveInfinity);
        smallZset.Set(Bytes("d"), double.NegativeInfinity);
        smallZset.Set(Bytes("e"), 0.1);
        smallZset.Set(Bytes("f"), 1e300);
        Put(store, "zset:small", smallZset);
        var bigZset = new SortedSetValue();
        for (var i = 0; i < 1000; i++)
        {
            bigZset.Set(Bytes($"m{i}"), random.NextDouble() * 1000 - 500);
        }

        Put(store, "zset:big", bigZset, store.DeadlineAt(store.UnixMsOf(store.NowMs) + 123_456_789));
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Printable text: compressible, unlike random bytes.</summary>
    public static byte[] RandomText(Random random, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)('a' + random.Next(6));
        }

        return bytes;
    }

    public static void Put(KeyStore store, string key, object value, long deadline = KeyStore.NoDeadline) => Put(store, Bytes(key), value, deadline);

    public static void Put(KeyStore store, byte[] key, object value, long deadline = KeyStore.NoDeadline) =>
        Assert.True(store.TryLoad(key, value, deadline));
}
