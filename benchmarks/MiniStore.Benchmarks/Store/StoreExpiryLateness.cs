using System.Diagnostics;
using System.Globalization;
using MiniStore.Core;

namespace MiniStore.Benchmarks.Store;

/// <summary>
/// <c>--expiry-lateness</c>: 1 million keys whose deadlines are spread evenly over 1 s, on the real clock, with
/// nothing touching the store while they expire. A sampler reads the expiry heap's size about every
/// millisecond; the heap pops in deadline order and holds no stale items here, so at each sample the oldest
/// deadline still waiting is known, and how late it is. Reports the worst lateness seen and the time from
/// the last deadline until every key was reclaimed. Round 1 runs the expiry path for the first time in the
/// process (tier-0 JIT code); later rounds show the warm figure.
/// </summary>
/// <remarks>
/// Accuracy: deadlines are computed on this program's clock, which is within 1 ms of the store's; samples are
/// ~1 ms apart; an item leaves the heap a batch (at most 1,024 removals) before its key is gone from the
/// dictionary, which the end time accounts for (it waits for the key count to reach zero) but a sample does not.
/// </remarks>
internal static class StoreExpiryLateness
{
    private const int KeyCount = 1_000_000;
    private const int SpreadMs = 1000;

    /// <summary>First deadline this long after the start, so all keys are written before any is due.</summary>
    private const int LeadMs = 6000;

    public static void Run(int rounds)
    {
        var keys = StoreData.Keys(KeyCount);
        var value = StoreData.Value();
        for (var round = 1; round <= rounds; round++)
        {
            RunOnce(round, keys, value);
        }
    }

    private static void RunOnce(int round, byte[][] keys, byte[] value)
    {
        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        double NowMs() => Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        using var store = new KeyStore();

        // Key i gets the (i * 7919 mod N)-th deadline, so deadlines arrive at the heap out of order.
        var writeStart = NowMs();
        for (var i = 0; i < KeyCount; i++)
        {
            var deadline = DeadlineOf((int)((long)i * 7919 % KeyCount));
            store.Set(keys[i], value, new SetOptions(Expiry: ExpiryMode.After, TtlMs: deadline - (long)NowMs()));
        }

        var writeMs = NowMs() - writeStart;
        if (NowMs() >= LeadMs - 100 || store.GetStats().Keys != KeyCount)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: invalid, writing took {writeMs:F0} ms, longer than the {LeadMs} ms lead"));
            return;
        }

        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var worst = 0.0;
        var worstAt = 0L;
        var samples = 0;
        double now;
        int remaining;
        do
        {
            Thread.Sleep(1);
            now = NowMs();
            remaining = store.ExpiryHeapCount;
            samples++;
            if (remaining > 0)
            {
                var oldestWaiting = DeadlineOf(KeyCount - remaining);
                if (now - oldestWaiting > worst)
                {
                    worst = now - oldestWaiting;
                    worstAt = oldestWaiting;
                }
            }
        }
        while (remaining > 0 && now < LeadMs + SpreadMs + 10_000);

        // The heap empties a batch before the last keys leave the dictionaries. With nothing left in the heap,
        // GetStats has nothing to reclaim itself, so polling it only watches the scheduler finish.
        StoreStats stats;
        while ((stats = store.GetStats()).Keys > 0 && NowMs() < LeadMs + SpreadMs + 10_000)
        {
            Thread.SpinWait(100);
        }

        now = NowMs();
        var lastDeadline = DeadlineOf(KeyCount - 1);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"round {round}{(round == 1 ? " (cold: first expiry in this process)" : "")}: wrote {KeyCount:N0} keys with TTL in {writeMs:F0} ms ({writeMs * 1e6 / KeyCount:F0} ns/key); " +
            $"all reclaimed {now - lastDeadline:F1} ms after the last deadline; worst lateness {worst:F1} ms (deadline +{worstAt - LeadMs} ms); " +
            $"expired {stats.ExpiredKeys:N0}, left {stats.Keys}; {samples} samples; " +
            $"GCs during expiry gen0/1/2 {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}"));
    }

    /// <summary>The k-th earliest deadline, in ms since the start.</summary>
    private static long DeadlineOf(int k) => LeadMs + ((long)k * SpreadMs / KeyCount);
}
