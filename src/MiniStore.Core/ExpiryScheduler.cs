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
/// compaction, so it stays O(keys with a TTL) under any churn. Compaction runs on the thread pool from a
/// snapshot, so a write that crosses the threshold does not pay O(heap) under the lock every other writer
/// needs; only a heap that grows by half as much again before the background pass lands is compacted in place,
/// which keeps the bound whatever the scheduling.
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
    private readonly Func<bool> _holdsStoreLock;
    private readonly ITimer _timer;
    private long _armedFor = Entry.NoDeadline;
    private int _compactAt = MinCompactionThreshold;
    private int _compactNowAt = MinCompactionThreshold + (MinCompactionThreshold / 4);
    private bool _disposed;

    // A background compaction is under way: what is scheduled meanwhile is kept aside, to be added to its result,
    // and what is popped meanwhile is noted, so that its result does not bring it back.
    private List<(byte[] Key, long Deadline)>? _scheduledDuringCompaction;
    private Dictionary<byte[], long>? _poppedDuringCompaction;

    // Which background pass is the current one: a pass superseded by a compaction in place must not apply its result.
    private int _compactionGeneration;

    // holdsStoreLock: whether the calling thread holds any shard lock (see OnTimer).
    public ExpiryScheduler(MonotonicClock clock, Func<byte[], Shard> shardOf, Func<Shard, byte[], bool> expireIfDue, Func<bool> holdsStoreLock)
    {
        _holdsStoreLock = holdsStoreLock;
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
            _scheduledDuringCompaction?.Add((key, deadlineMs));
            if (_heap.Count >= _compactNowAt)
            {
                CompactLocked();
            }
            else if (_heap.Count >= _compactAt && _scheduledDuringCompaction is null)
            {
                _scheduledDuringCompaction = [];
                _poppedDuringCompaction = new Dictionary<byte[], long>(ByteKeyComparer.Instance);
                var snapshot = _heap.UnorderedItems.ToArray();
                var generation = ++_compactionGeneration;
                ThreadPool.UnsafeQueueUserWorkItem(
                    static state => state.Scheduler.CompactInBackground(state.Snapshot, state.Generation),
                    (Scheduler: this, Snapshot: snapshot, Generation: generation),
                    preferLocal: false);
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
        // A time provider may run a due timer on whatever thread touches it: FakeTimeProvider fires due timers inside
        // Timer.Change and even inside GetTimestamp, so this can be called from a thread that is in the middle of a
        // change (a KeySlot reading the clock, or Schedule arming the timer). Reclaiming there would remove the very
        // entry that change holds, take locks out of order, or recurse; it is done on the thread pool instead.
        if (_gate.IsHeldByCurrentThread || _holdsStoreLock())
        {
            ThreadPool.UnsafeQueueUserWorkItem(static scheduler => scheduler.OnTimer(), this, preferLocal: false);
            return;
        }

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
                _poppedDuringCompaction?.TryAdd(item, deadline);
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
        // A background pass still under way is superseded: it finds _scheduledDuringCompaction gone and drops its result.
        _scheduledDuringCompaction = null;
        _poppedDuringCompaction = null;
        Replace(Live(_heap.UnorderedItems), [], popped: null);
    }

    private void CompactInBackground((byte[] Key, long Deadline)[] snapshot, int generation)
    {
        // The expensive part (a lookup per item) runs without the lock; the shards are concurrent dictionaries.
        var kept = Live(snapshot);
        lock (_gate)
        {
            if (_disposed || generation != _compactionGeneration || _scheduledDuringCompaction is not { } since)
            {
                return;
            }

            var popped = _poppedDuringCompaction;
            _scheduledDuringCompaction = null;
            _poppedDuringCompaction = null;
            Replace(kept, since, popped);
            if (_heap.TryPeek(out _, out var next) && next < _armedFor)
            {
                ArmLocked(next);
            }
        }
    }

    /// <summary>One item per key, and only for the deadline its current entry has: everything else is stale.</summary>
    private Dictionary<byte[], long> Live(IEnumerable<(byte[] Key, long Deadline)> items)
    {
        var kept = new Dictionary<byte[], long>(ByteKeyComparer.Instance);
        foreach (var (key, deadline) in items)
        {
            if (!kept.ContainsKey(key) && _shardOf(key).Map.TryGetValue(key, out var current) && Entry.DeadlineOf(current) == deadline)
            {
                kept.Add(key, deadline);
            }
        }

        return kept;
    }

    /// <summary>
    /// The heap becomes <paramref name="kept"/>, less what was popped since its snapshot, plus what was scheduled since
    /// (a duplicate of a kept item is only a stale item, dropped when popped).
    /// </summary>
    private void Replace(Dictionary<byte[], long> kept, List<(byte[] Key, long Deadline)> since, Dictionary<byte[], long>? popped)
    {
        _heap.Clear();
        foreach (var (key, deadline) in kept)
        {
            if (popped is null || !popped.TryGetValue(key, out var poppedAt) || poppedAt != deadline)
            {
                _heap.Enqueue(key, deadline);
            }
        }

        // Thresholds follow the live items only: what was scheduled meanwhile may be mostly stale already.
        var live = _heap.Count;
        _heap.EnqueueRange(since);
        _compactAt = Math.Max(MinCompactionThreshold, live * 2);
        _compactNowAt = _compactAt + Math.Max(live, MinCompactionThreshold / 4);
    }
}
