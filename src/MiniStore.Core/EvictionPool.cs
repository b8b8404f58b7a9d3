namespace MiniStore.Core;

/// <summary>
/// The best eviction candidates seen so far, kept between evictions (Redis's eviction pool). Sampling a handful of
/// keys per eviction and evicting the best of them alone is a poor LRU once the oldest keys are rare: the sample
/// then often holds none of them, and a recently read key goes instead. Each eviction offers what it sampled; the
/// pool keeps the <see cref="Size"/> most evictable, so keys seen by earlier samples still compete. A candidate is
/// evicted only if it still is what was sampled: the same entry (stored value) under its key, not read (LRU) or given a new deadline
/// (volatile-ttl) since.
/// </summary>
internal sealed class EvictionPool
{
    public const int Size = 16;

    private readonly Lock _gate = new();

    // Most evictable first.
    private readonly Candidate[] _items = new Candidate[Size];
    private int _count;

    public readonly record struct Candidate(Shard Shard, byte[] Key, object Entry, long Rank);

    /// <summary>What a candidate is ranked by: its LRU stamp or its deadline, as sampled.</summary>
    public static long RankOf(EvictionPolicy policy, object entry) =>
        policy == EvictionPolicy.VolatileTtl ? Entry.DeadlineOf(entry) : Entry.LastAccessOf(entry);

    public void Offer(EvictionPolicy policy, Shard shard, byte[] key, object entry)
    {
        var candidate = new Candidate(shard, key, entry, RankOf(policy, entry));
        lock (_gate)
        {
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_items[i].Entry, entry))
                {
                    return;
                }
            }

            var at = _count;
            while (at > 0 && Before(policy, candidate.Rank, _items[at - 1].Rank))
            {
                at--;
            }

            if (at == Size)
            {
                return;
            }

            var last = Math.Min(_count, Size - 1);
            Array.Copy(_items, at, _items, at + 1, last - at);
            _items[at] = candidate;
            _count = last + 1;
        }
    }

    /// <summary>Takes the most evictable candidate out of the pool, if any (the caller checks it is still valid).</summary>
    public bool TryTake(out Candidate candidate)
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                candidate = default;
                return false;
            }

            candidate = _items[0];
            _count--;
            Array.Copy(_items, 1, _items, 0, _count);
            _items[_count] = default;
            return true;
        }
    }

    /// <summary>Forgets every candidate (the policy changed, or the keys were flushed).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_items);
            _count = 0;
        }
    }

    /// <summary>Whether the candidate is still as sampled: the same entry under its key, with the same rank.</summary>
    public static bool IsCurrent(EvictionPolicy policy, in Candidate candidate) =>
        candidate.Shard.Map.TryGetValue(candidate.Key, out var now)
        && ReferenceEquals(now, candidate.Entry)
        && RankOf(policy, now) == candidate.Rank;

    // LRU stamps come from an int clock that wraps: compare by difference (older = more evictable).
    private static bool Before(EvictionPolicy policy, long a, long b) =>
        policy == EvictionPolicy.VolatileTtl ? a < b : unchecked((int)a - (int)b) < 0;
}
