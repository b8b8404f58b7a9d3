using BenchmarkDotNet.Attributes;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>
/// Two threads at once, each doing 80% GET / 20% SET (overwrites) over 1,024 hot keys. Mean is per operation
/// summed over both threads, so on two free cores perfect scaling would show half a single-thread op.
/// </summary>
[MemoryDiagnoser]
public class StoreMixedBenchmarks
{
    private const int Threads = 2;
    private const int OpsPerThread = 100_000;
    private const int HotKeys = 1024;

    private readonly Barrier _start = new(Threads + 1);
    private readonly Barrier _done = new(Threads + 1);
    private KeyStore _store = null!;
    private byte[][] _keys = null!;
    private byte[] _value = null!;
    private int[][] _plans = null!;
    private Thread[] _workers = null!;
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _keys = StoreData.Keys(HotKeys);
        _value = StoreData.Value();
        _store = StoreData.Filled(_keys, _value);

        // Each thread's sequence of (key index, get-or-set) is drawn up front so the loop does only store work.
        _plans = new int[Threads][];
        for (var t = 0; t < Threads; t++)
        {
            var random = new Random(t);
            _plans[t] = Enumerable.Range(0, OpsPerThread).Select(_ => (random.Next(HotKeys) << 1) | (random.Next(5) == 0 ? 1 : 0)).ToArray();
        }

        _workers = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            var plan = _plans[t];
            _workers[t] = new Thread(() => Work(plan)) { IsBackground = true, Name = $"mixed-{t}" };
            _workers[t].Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _store.Dispose();
        _start.Dispose();
        _done.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Threads * OpsPerThread)]
    public void StoreMixedGetSetTwoThreads()
    {
        _start.SignalAndWait();
        _done.SignalAndWait();
    }

    private void Work(int[] plan)
    {
        var store = _store;
        var keys = _keys;
        var value = _value;
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            foreach (var step in plan)
            {
                var key = keys[step >> 1];
                if ((step & 1) == 0)
                {
                    store.Get(key);
                }
                else
                {
                    store.Set(key, value, SetOptions.Plain);
                }
            }

            _done.SignalAndWait();
        }
    }
}
