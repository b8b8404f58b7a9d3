using BenchmarkDotNet.Attributes;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>DEL of existing keys: the store is refilled before each iteration, outside the timing.</summary>
[MemoryDiagnoser]
public class StoreDeleteBenchmarks
{
    private const int KeyCount = 100_000;

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

    [IterationSetup]
    public void Refill()
    {
        foreach (var key in _keys)
        {
            _store.Set(key, _value, SetOptions.Plain);
        }
    }

    [Benchmark(OperationsPerInvoke = KeyCount)]
    public int StoreDeleteExisting()
    {
        var store = _store;
        var deleted = 0;
        foreach (var key in _keys)
        {
            if (store.Delete(key))
            {
                deleted++;
            }
        }

        return deleted;
    }
}
