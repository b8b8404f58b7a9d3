using BenchmarkDotNet.Attributes;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>GETEX PERSIST on keys that have a TTL, so every call really replaces the entry.</summary>
[MemoryDiagnoser]
public class StoreGetExBenchmarks
{
    private const int KeyCount = 100_000;
    private static readonly SetOptions WithTtl = new(Expiry: ExpiryMode.After, TtlMs: 3_600_000);

    private KeyStore _store = null!;
    private byte[][] _keys = null!;
    private byte[] _value = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = new KeyStore();
        _keys = StoreData.Keys(KeyCount);
        _value = StoreData.Value();
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    /// <summary>Gives every key a TTL again (excluded from the timing).</summary>
    [IterationSetup]
    public void AddTtls()
    {
        foreach (var key in _keys)
        {
            _store.Set(key, _value, WithTtl);
        }
    }

    [Benchmark(OperationsPerInvoke = KeyCount)]
    public void StoreGetAndPersist()
    {
        var store = _store;
        foreach (var key in _keys)
        {
            store.GetAndUpdateExpiry(key, GetExpiryChange.Persist, 0, out _);
        }
    }
}
