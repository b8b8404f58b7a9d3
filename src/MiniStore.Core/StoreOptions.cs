namespace MiniStore.Core;

public sealed record StoreOptions
{
    /// <summary>
    /// Number of shards; rounded up to a power of two. Default: 256, or 16 per processor if that is more. A SCAN step reads
    /// one shard, so shards are kept small (a million keys are about 4,000 a shard); each costs well under a kilobyte.
    /// </summary>
    public int ShardCount { get; init; } = Math.Max(256, Environment.ProcessorCount * 16);

    /// <summary>Cap on <see cref="StoreStats.UsedBytes"/>; 0 means no cap.</summary>
    public long MaxMemoryBytes { get; init; }

    public EvictionPolicy EvictionPolicy { get; init; } = EvictionPolicy.AllKeysLru;
}
