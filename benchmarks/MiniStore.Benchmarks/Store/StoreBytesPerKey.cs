using System.Globalization;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>
/// <c>--bytes-per-key</c>: managed bytes the store retains per key for 1 million 12-byte keys and 32-byte values,
/// from <see cref="GC.GetTotalMemory(bool)"/> before and after filling a new store, with and without TTLs, and a
/// breakdown of what one key costs (each part's size measured by allocating it). A string is stored as one packed
/// array (header + value bytes) with no entry object: see <see cref="Entry"/>.
/// </summary>
internal static class StoreBytesPerKey
{
    private const int KeyCount = 1_000_000;

    public static void Run()
    {
        var keys = StoreData.Keys(KeyCount);
        var value = StoreData.Value();

        var plain = Measure(keys, value, SetOptions.Plain);
        var withTtl = Measure(keys, value, new SetOptions(Expiry: ExpiryMode.After, TtlMs: 3_600_000));

        var keyArray = AllocatedBy(() => new byte[keys[0].Length]);
        var packed = AllocatedBy(() => Entry.NewString(value, Entry.NoDeadline, 0));
        var rest = plain - keyArray - packed;

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"keys: {KeyCount:N0}, key {keys[0].Length} B, value {value.Length} B, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        Console.WriteLine(string.Create(inv, $"bytes per key, no TTL:   {plain,7:F1}"));
        Console.WriteLine(string.Create(inv, $"bytes per key, with TTL: {withTtl,7:F1}  (+{withTtl - plain:F1} for the expiry heap item and array slack)"));
        Console.WriteLine("breakdown of one key without TTL:");
        Console.WriteLine(string.Create(inv, $"  key byte[{keys[0].Length}]    {keyArray,5} B  (24 B array header + data, 8-byte aligned)"));
        Console.WriteLine(string.Create(inv, $"  value byte[{Entry.HeaderSize}+{value.Length}] {packed,4} B  (24 B array header + {Entry.HeaderSize} B deadline and LRU stamp + value, 8-byte aligned; no Entry object)"));
        Console.WriteLine(string.Create(inv, $"  dictionary       {rest,7:F1} B  (ConcurrentDictionary node 48 B + bucket slots and shard tables, the rest)"));
        Console.WriteLine(string.Create(inv, $"Entry.Overhead (the UsedBytes estimate beyond key and value bytes): {Entry.Overhead} B"));
    }

    private static double Measure(byte[][] keys, byte[] value, SetOptions options)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = new KeyStore();
        foreach (var key in keys)
        {
            store.Set(key, value, options);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(store);
        store.Dispose();
        return (after - before) / (double)keys.Length;
    }

    private static long AllocatedBy(Func<object> allocate)
    {
        const int count = 1000;
        var keep = new object[count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            keep[i] = allocate();
        }

        var after = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(keep);
        return (after - before) / count;
    }
}
