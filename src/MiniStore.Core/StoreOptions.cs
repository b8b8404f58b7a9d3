namespace MiniStore.Core;

public sealed record StoreOptions
{
    /// <summary>Number of shards; rounded up to a power of two. Default: 4 per processor, at least 16.</summary>
    public int ShardCount { get; init; } = Math.Max(16, Environment.ProcessorCount * 4);
}
