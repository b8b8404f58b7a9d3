using Microsoft.Extensions.Hosting;
using MiniStore.Core;

namespace MiniStore.Server.Hosting;

/// <summary>
/// Keeps the process near the memory cap. Under a cap, every eviction and overwrite turns a long-lived
/// (gen2) value into garbage, and the GC's own gen2 budget lets that garbage grow to several times the
/// cap before it collects. The store counts the bytes it drops; once an eighth of the cap has been
/// dropped since the last collection, this asks for a background gen2 collection, which runs alongside
/// the request threads instead of pausing them.
/// </summary>
internal sealed class GcPacer(KeyStore store, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>With no cap there is nothing to pace; the timer only looks now and then for a cap set by CONFIG SET.</summary>
    private static readonly TimeSpan UncappedInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var collectedAt = store.ReleasedBytes;
        using var timer = new PeriodicTimer(store.MaxMemoryBytes > 0 ? Interval : UncappedInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // Read every tick: CONFIG SET maxmemory changes the cap live.
                var cap = store.MaxMemoryBytes;
                timer.Period = cap > 0 ? Interval : UncappedInterval;
                if (cap == 0)
                {
                    continue;
                }

                var threshold = Math.Max(cap / 8, 1024 * 1024);
                var released = store.ReleasedBytes;
                if (released - collectedAt >= threshold)
                {
                    collectedAt = released;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
