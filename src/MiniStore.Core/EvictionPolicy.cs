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

public static class EvictionPolicyNames
{
    public static string ToName(this EvictionPolicy policy) => policy switch
    {
        EvictionPolicy.NoEviction => "noeviction",
        EvictionPolicy.AllKeysLru => "allkeys-lru",
        EvictionPolicy.AllKeysRandom => "allkeys-random",
        EvictionPolicy.VolatileTtl => "volatile-ttl",
        _ => throw new ArgumentOutOfRangeException(nameof(policy)),
    };

    public static bool TryParse(string? name, out EvictionPolicy policy)
    {
        foreach (var candidate in Enum.GetValues<EvictionPolicy>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }

        policy = default;
        return false;
    }
}
