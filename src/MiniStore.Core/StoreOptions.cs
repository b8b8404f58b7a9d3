namespace MiniStore.Core;

public sealed record StoreOptions
{
    /// <summary>Number of shards; rounded up to a power of two. Default: 4 per processor, at least 16.</summary>
    public int ShardCount { get; init; } = Math.Max(16, Environment.ProcessorCount * 4);

    /// <summary>Cap on <see cref="StoreStats.UsedBytes"/>; 0 means no cap.</summary>
    public long MaxMemoryBytes { get; init; }

    public EvictionPolicy EvictionPolicy { get; init; } = EvictionPolicy.AllKeysLru;
}
