using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>
/// The CPU cost of active expiry: schedule 1 million deadlines spread over 1 s, then move a fake clock past
/// them so the scheduler pops and reclaims every one. Reported per key. Lateness against the real clock is
/// measured by <c>--expiry-lateness</c> (see <see cref="StoreExpiryLateness"/>), not here.
/// </summary>
[MemoryDiagnoser]
public class StoreExpiryBenchmarks
{
    private const int KeyCount = 1_000_000;

    private byte[][] _keys = null!;
    private byte[] _value = null!;
    private SetOptions[] _options = null!;
    private FakeTimeProvider _time = null!;
    private KeyStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = StoreData.Keys(KeyCount);
        _value = StoreData.Value();

        // Deadlines 1..1000 ms, interleaved across keys so the heap sees them out of order.
        _options = Enumerable.Range(0, KeyCount)
            .Select(i => new SetOptions(Expiry: ExpiryMode.After, TtlMs: 1 + ((long)i * 7919 % 1000)))
            .ToArray();
    }

    [IterationSetup]
    public void NewStore()
    {
        _time = new FakeTimeProvider();
        _store = new KeyStore(time: _time);
    }

    [IterationCleanup]
    public void DisposeStore() => _store.Dispose();

    [Benchmark(OperationsPerInvoke = KeyCount)]
    public long StoreScheduleAndExpire1M()
    {
        var store = _store;
        for (var i = 0; i < KeyCount; i++)
        {
            store.Set(_keys[i], _value, _options[i]);
        }

        _time.Advance(TimeSpan.FromMilliseconds(1000));
        return store.ExpiryHeapCount;
    }
}
