namespace MiniStore.Core;

/// <summary>A snapshot of the store's counters, summed over shards.</summary>
/// <param name="Keys">Keys present (an expired key not yet reclaimed is reclaimed before counting).</param>
/// <param name="KeysWithExpiry">Keys that have a deadline.</param>
/// <param name="ExpiredKeys">Keys removed because their deadline passed, since start.</param>
/// <param name="UsedBytes">Estimated bytes held: key + value + a fixed per-entry overhead.</param>
/// <param name="EvictedKeys">Keys removed to stay under the memory cap, since start.</param>
/// <param name="MaxBytes">The memory cap; 0 when there is none.</param>
/// <param name="Policy">What happens at the cap.</param>
public readonly record struct StoreStats(
    long Keys,
    long KeysWithExpiry,
    long ExpiredKeys,
    long UsedBytes,
    long EvictedKeys = 0,
    long MaxBytes = 0,
    EvictionPolicy Policy = EvictionPolicy.AllKeysLru);
