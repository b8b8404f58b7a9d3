using MiniStore.Core;

namespace MiniStore.Server.Blocking;

/// <summary>
/// The clients waiting in blocking pops, in one FIFO wait list per key. A change to a key someone waits on (heard from
/// the store, shard lock held) only marks the key ready; after the command that changed it, that connection serves
/// the ready keys (<see cref="ServeReady"/>): for each key, the longest-waiting client whose pop can run gets it, under
/// the shard locks of the key (and of a BLMOVE's destination), and its connection is woken with the result. So the
/// first client to block is the first served, a pushed element never goes to a client that blocked later, and after
/// MULTI/EXEC the waiters are served once the whole transaction has run (as Redis does). Lock order: shard locks, then
/// this registry's lock, never the other way round.
/// </summary>
internal sealed class BlockingRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<byte[], List<BlockedPop>> _waiters = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], List<BlockedPop>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Queue<byte[]> _ready = new();
    private readonly HashSet<byte[]> _readySet = new(ByteKeyComparer.Instance);
    private int _keys;
    private int _readyCount;
    private int _blocked;

    public BlockingRegistry() => _lookup = _waiters.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>Clients waiting now (INFO's blocked_clients).</summary>
    public int BlockedClients => Volatile.Read(ref _blocked);

    /// <summary>A key with waiters changed since the last <see cref="ServeReady"/>: one volatile read per command.</summary>
    public bool HasReady => Volatile.Read(ref _readyCount) != 0;

    /// <summary>Puts <paramref name="waiter"/> at the end of each of its keys' lists. The caller holds those keys' shard locks.</summary>
    public void Add(BlockedPop waiter)
    {
        lock (_gate)
        {
            foreach (var key in waiter.Spec.Keys)
            {
                if (!_waiters.TryGetValue(key, out var list))
                {
                    list = [];
                    _waiters.Add(key, list);
                }

                if (list.Count == 0 || !ReferenceEquals(list[^1], waiter))
                {
                    list.Add(waiter);
                }
            }

            Volatile.Write(ref _keys, _waiters.Count);
            _blocked++;
        }
    }

    /// <summary>The key changed (shard lock held): if someone waits on it, it is ready to be served.</summary>
    public void Signal(ReadOnlySpan<byte> key)
    {
        if (Volatile.Read(ref _keys) == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_lookup.TryGetValue(key, out var stored, out _) && _readySet.Add(stored))
            {
                _ready.Enqueue(stored);
                Volatile.Write(ref _readyCount, _ready.Count);
            }
        }
    }

    /// <summary>Ends a wait that nobody served (timeout, CLIENT UNBLOCK, close); false if it had already ended.</summary>
    public bool TryEnd(BlockedPop waiter, WaitEnd end)
    {
        lock (_gate)
        {
            if (!waiter.TryClaim(end))
            {
                return false;
            }

            RemoveLocked(waiter);
        }

        waiter.Complete(null);
        return true;
    }

    /// <summary>Serves the keys made ready so far; called with no lock held, after a command (or a whole EXEC).</summary>
    public void ServeReady(KeyStore store)
    {
        while (true)
        {
            byte[] key;
            lock (_gate)
            {
                if (!_ready.TryDequeue(out key!))
                {
                    Volatile.Write(ref _readyCount, 0);
                    return;
                }

                _readySet.Remove(key);
                Volatile.Write(ref _readyCount, _ready.Count);
            }

            Serve(store, key);
        }
    }

    private void Serve(KeyStore store, byte[] key)
    {
        // Waiters at the head of the list that this key cannot serve (they pop another type) keep their place; the next
        // one is tried. A BLMOVE whose destination holds another type is answered WRONGTYPE and leaves, as in Redis.
        var skipped = 0;
        while (true)
        {
            BlockedPop? waiter;
            lock (_gate)
            {
                waiter = _waiters.TryGetValue(key, out var list) && list.Count > skipped ? list[skipped] : null;
            }

            if (waiter is null)
            {
                return;
            }

            var spec = waiter.Spec;
            using var locks = store.LockKeys(key, spec.Destination ?? key);
            var status = spec.Check(store, key);
            if (status == PopStatus.Empty)
            {
                return;
            }

            if (status is not (PopStatus.Popped or PopStatus.DestinationWrongType))
            {
                skipped++;
                continue;
            }

            var end = status == PopStatus.Popped ? WaitEnd.Served : WaitEnd.DestinationWrongType;
            lock (_gate)
            {
                if (!waiter.TryClaim(end))
                {
                    // Ended meanwhile (a timeout): it has left the list, look at the same place again.
                    continue;
                }

                RemoveLocked(waiter);
            }

            if (end == WaitEnd.DestinationWrongType)
            {
                waiter.Complete(null);
                continue;
            }

            spec.Pop(store, key, out var result);
            waiter.Complete(result);
        }
    }

    private void RemoveLocked(BlockedPop waiter)
    {
        foreach (var key in waiter.Spec.Keys)
        {
            if (_waiters.TryGetValue(key, out var list))
            {
                list.Remove(waiter);
                if (list.Count == 0)
                {
                    _waiters.Remove(key);
                }
            }
        }

        Volatile.Write(ref _keys, _waiters.Count);
        _blocked--;
    }
}
