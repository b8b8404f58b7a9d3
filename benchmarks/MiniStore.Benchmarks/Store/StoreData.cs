using System.Text;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>The benchmarks' key and value shapes: 12-byte keys like <c>key:00000001</c>, 32-byte values.</summary>
internal static class StoreData
{
    public const int ValueLength = 32;

    public static byte[] Key(int i) => Encoding.ASCII.GetBytes($"key:{i:D8}");

    public static byte[][] Keys(int count, int offset = 0) => Enumerable.Range(offset, count).Select(Key).ToArray();

    public static byte[] Value(int seed = 0)
    {
        var value = new byte[ValueLength];
        new Random(seed).NextBytes(value);
        return value;
    }

    /// <summary>A store on the real clock holding <paramref name="keys"/>, each without a TTL.</summary>
    public static KeyStore Filled(byte[][] keys, byte[] value)
    {
        var store = new KeyStore();
        foreach (var key in keys)
        {
            store.Set(key, value, SetOptions.Plain);
        }

        return store;
    }
}
