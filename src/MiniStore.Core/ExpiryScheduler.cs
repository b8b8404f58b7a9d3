using System.Buffers;

namespace MiniStore.Core;

/// <summary>
/// Active expiry: a min-heap of (deadline, key) and one timer armed for the earliest deadline. When it
/// fires, every due item is popped and its key removed only if the entry the key maps to now is itself
/// past its deadline, so a later SET, PERSIST or DEL is never undone by a stale item.
/// </summary>
/// <remarks>
/// Items hold the key and the deadline, not the entry: a stale item must not keep an overwritten value
/// reachable (that would defeat the memory cap). Stale items are dropped when popped, and the heap is
/// compacted (one item per key, for the key's current deadline) whenever it has doubled since the last
/// compaction, so it stays O(keys with a TTL) under any churn.
/// The timer comes from the <see cref="TimeProvider"/>, so with a FakeTimeProvider it fires inside
/// <c>Advance</c> and tests never sleep.
/// </remarks>
internal sealed class ExpiryScheduler : IDisposable
{
    private const int MinCompactionThreshold = 1024;
    private const int ReclaimBatch = 1024;

    /// <summary>
    /// The furthest ahead a timer can be armed: <see cref="ITimer.Change"/> rejects due times above
    /// uint.MaxValue - 1 ms (~49.7 days), yet a valid TTL may be far longer. A timer armed at this cap
    /// fires early, finds nothing due and re-arms for what is left.
    /// </summary>
    private const long MaxTimerDelayMs = uint.MaxValue - 1;

    private readonly Lock _gate = new();
    private readonly PriorityQueue<byte[], long> _heap = new();
    private readonly MonotonicClock _clock;
    private readonly Func<byte[], Shard> _shardOf;
    private readonly Func<Shard, byte[], bool> _expireIfDue;
    private readonly ITimer _timer;
    private long _armedFor = Entry.NoDeadline;
    private int _compactAt = MinCompactionThreshold;
    private bool _disposed;

    public ExpiryScheduler(MonotonicClock clock, Func<byte[], Shard> shardOf, Func<Shard, byte[], bool> expireIfDue)
    {
        _clock = clock;
        _shardOf = shardOf;
        _expireIfDue = expireIfDue;
        _timer = clock.Time.CreateTimer(static state => ((ExpiryScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items in the heap, stale ones included (tests watch this stay bounded).</summary>
    public int HeapCount
    {
        get
        {
            lock (_gate)
            {
                return _heap.Count;
            }
        }
    }

    public void Schedule(byte[] key, long deadlineMs)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _heap.Enqueue(key, deadlineMs);
            if (_heap.Count >= _compactAt)
            {
                CompactLocked();
            }

            if (deadlineMs < _armedFor)
            {
                ArmLocked(deadlineMs);
            }
        }
    }

    /// <summary>Removes every key whose deadline has passed; returns how many were removed.</summary>
    public int ReclaimDue()
    {
        var batch = ArrayPool<byte[]>.Shared.Rent(ReclaimBatch);
        var removed = 0;
        try
        {
            int taken;
            do
            {
                taken = TakeDue(batch);
                for (var i = 0; i < taken; i++)
                {
                    var key = batch[i];
                    if (_expireIfDue(_shardOf(key), key))
                    {
                        removed++;
                    }
                }

                Array.Clear(batch, 0, taken);
            }
            while (taken == batch.Length);
        }
        finally
        {
            ArrayPool<byte[]>.Shared.Return(batch);
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                if (_heap.TryPeek(out _, out var next))
                {
                    ArmLocked(next);
                }
                else
                {
                    _armedFor = Entry.NoDeadline;
                }
            }
        }

        return removed;
    }

    /// <summary>Drops every stale item now (after FLUSHALL, say, when all of them are).</summary>
    public void Compact()
    {
        lock (_gate)
        {
            CompactLocked();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _heap.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // This arming is spent; ReclaimDue re-arms for whatever is next.
            _armedFor = Entry.NoDeadline;
        }

        ReclaimDue();
    }

    private int TakeDue(byte[][] batch)
    {
        var now = _clock.NowMs;
        var taken = 0;
        lock (_gate)
        {
            while (taken < batch.Length && _heap.TryPeek(out var item, out var deadline) && deadline <= now)
            {
                _heap.Dequeue();
                batch[taken++] = item;
            }
        }

        return taken;
    }

    private void ArmLocked(long deadlineMs)
    {
        _armedFor = deadlineMs;
        var delay = Math.Clamp(deadlineMs - _clock.NowMs, 0, MaxTimerDelayMs);
        _timer.Change(TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
    }

    private void CompactLocked()
    {
        // One item per key, and only for the deadline its current entry has: everything else is stale.
        var kept = new Dictionary<byte[], long>(_heap.Count / 2, ByteKeyComparer.Instance);
        foreach (var (key, deadline) in _heap.UnorderedItems)
        {
            if (!kept.ContainsKey(key) && _shardOf(key).Map.TryGetValue(key, out var current) && current.DeadlineMs == deadline)
            {
                kept.Add(key, deadline);
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(kept.Select(pair => (pair.Key, pair.Value)));
        _compactAt = Math.Max(MinCompactionThreshold, kept.Count * 2);
    }
}
