using MiniStore.Protocol;

namespace MiniStore.Server.Transactions;

/// <summary>One connection's MULTI queue and WATCHed keys (Redis's per-client multiState and watched_keys).</summary>
internal sealed class TransactionState
{
    private readonly List<RequestCopy> _queue = [];
    private readonly List<byte[]> _watched = [];
    private volatile bool _dirty;

    /// <summary>Between MULTI and EXEC/DISCARD.</summary>
    public bool InMulti { get; private set; }

    /// <summary>A command was refused while queueing (unknown, wrong arity, not allowed): EXEC answers EXECABORT.</summary>
    public bool Aborted { get; private set; }

    /// <summary>A watched key changed since WATCH (set from any thread by <see cref="WatchRegistry"/>): EXEC answers a null array.</summary>
    public bool Dirty => _dirty;

    public IReadOnlyList<RequestCopy> Queue => _queue;

    /// <summary>The keys WATCHed (owned by <see cref="WatchRegistry"/>, which changes them under its lock).</summary>
    public List<byte[]> Watched => _watched;

    public void Begin() => InMulti = true;

    public void Enqueue(in Request request) => _queue.Add(RequestCopy.Of(request));

    /// <summary>A command was refused before it could be queued: if in MULTI, EXEC will answer EXECABORT.</summary>
    public void AbortIfQueueing()
    {
        if (InMulti)
        {
            Aborted = true;
        }
    }

    public void MarkDirty() => _dirty = true;

    /// <summary>After EXEC or DISCARD: out of MULTI with an empty queue (the watches are dropped separately).</summary>
    public void Reset()
    {
        InMulti = false;
        Aborted = false;
        _queue.Clear();
        if (_queue.Capacity > 64)
        {
            _queue.Capacity = 64;
        }
    }

    /// <summary>Once no key is watched any more: a new WATCH starts clean.</summary>
    public void ClearDirty() => _dirty = false;
}
