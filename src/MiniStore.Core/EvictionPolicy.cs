namespace MiniStore.Core;

/// <summary>What a write does when the store is at its memory cap (Redis's maxmemory-policy names).</summary>
public enum EvictionPolicy : byte
{
    /// <summary>Refuse the write; reads, deletes and expiry keep working.</summary>
    NoEviction,

    /// <summary>Evict the least recently used key among a sample.</summary>
    AllKeysLru,

    /// <summary>Evict a random key.</summary>
    AllKeysRandom,

    /// <summary>Evict the key with the soonest deadline among a sample of keys that have one.</summary>
    VolatileTtl,
}
