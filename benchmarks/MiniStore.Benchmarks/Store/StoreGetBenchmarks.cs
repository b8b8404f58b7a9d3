using BenchmarkDotNet.Attributes;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>GET on a store of 100,000 keys: hit, miss, and a hit on a key with a TTL (reads the clock).</summary>
[MemoryDiagnoser]
public class StoreGetBenchmarks
{
    private const int KeyCount = 100_000;
    private KeyStore _store = null!;
    private byte[] _hit = null!;
    private byte[] _hitWithTtl = null!;
    private byte[] _miss = null!;

    [GlobalSetup]
    public void Setup()
    {
        _store = StoreData.Filled(StoreData.Keys(KeyCount), StoreData.Value());
        _hit = StoreData.Key(KeyCount / 2);
        _hitWithTtl = StoreData.Key(KeyCount + 1);
        _store.Set(_hitWithTtl, StoreData.Value(), new SetOptions(Expiry: ExpiryMode.After, TtlMs: 3_600_000));
        _miss = StoreData.Key(KeyCount * 10);
    }

    [GlobalCleanup]
    public void Cleanup() => _store.Dispose();

    [Benchmark(Baseline = true)]
    public ReadOnlyMemory<byte>? StoreGetHit() => _store.Get(_hit);

    [Benchmark]
    public ReadOnlyMemory<byte>? StoreGetMiss() => _store.Get(_miss);

    [Benchmark]
    public ReadOnlyMemory<byte>? StoreGetHitWithTtl() => _store.Get(_hitWithTtl);
}
