namespace MiniStore.Server.Diagnostics;

/// <summary>Counts a connection gathers during one batch, handed to <see cref="ServerMetrics.AddBatch"/> and reset.</summary>
internal struct SessionCounters
{
    public long Commands;
    public long Hits;
    public long Misses;

    public void Reset() => this = default;
}
