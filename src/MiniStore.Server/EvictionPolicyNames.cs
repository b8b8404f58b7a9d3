using MiniStore.Core;

namespace MiniStore.Server;

/// <summary>Redis's maxmemory-policy names of the policies the store has: configuration text, so it lives with the server.</summary>
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
