using BenchmarkDotNet.Attributes;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>SET: a new key, an overwrite of an existing key, and an overwrite with a TTL (a heap push).</summary>
[MemoryDiagnoser]
public class StoreSetBenchmarks
{
    private const int KeyCount = 100_000;

    /// <summary>New keys per iteration for <see cref="StoreSetNewKey"/>; the store is emptied between iterations.</summary>
    private const int NewKeysPerInvoke = 100_000;

    private static readonly SetOptions WithTtl = new(Expiry: ExpiryMode.After, TtlMs: 3_600_000);

    private KeyStore _store = null!;
    private KeyStore _empty = null!;
    private byte[][] _newKeys = null!;
    private byte[] _existing = null!;
    private byte[] _value = null!;

    [GlobalSetup]
    public void Setup()
    {
        _value = StoreData.Value();
        _store = StoreData.Filled(StoreData.Keys(KeyCount), _value);
        _existing = StoreData.Key(KeyCount / 2);
        _empty = new KeyStore();
        _newKeys = StoreData.Keys(NewKeysPerInvoke, offset: 10_000_000);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        _empty.Dispose();
    }

    /// <summary>Empties the store so every set in the next invocation adds a key (excluded from the timing).</summary>
    [IterationSetup(Target = nameof(StoreSetNewKey))]
    public void EmptyStore() => _empty.FlushAll();

    [Benchmark(OperationsPerInvoke = NewKeysPerInvoke)]
    public void StoreSetNewKey()
    {
        var store = _empty;
        var value = _value;
        foreach (var key in _newKeys)
        {
            store.Set(key, value, SetOptions.Plain);
        }
    }

    [Benchmark(Baseline = true)]
    public SetResult StoreSetOverwrite() => _store.Set(_existing, _value, SetOptions.Plain);

    [Benchmark]
    public SetResult StoreSetWithTtl() => _store.Set(_existing, _value, WithTtl);
}
