using MiniStore.Core;

namespace MiniStore.Server.Transactions;

/// <summary>
/// Which connections WATCH which keys. The store tells it of every change to a key (through
/// <see cref="Hosting.KeyspaceSignals"/>, shard lock held); a change to a watched key marks each watcher's transaction
/// dirty, so its EXEC answers a null array. While nobody watches, a change costs one volatile read here.
/// </summary>
internal sealed class WatchRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<byte[], List<TransactionState>> _watchers = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], List<TransactionState>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private int _keys;

    public WatchRegistry() => _lookup = _watchers.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>No key is watched: the common case, checked without a lock.</summary>
    public bool IsEmpty => Volatile.Read(ref _keys) == 0;

    /// <summary>Keys watched by at least one connection (for INFO and tests).</summary>
    public int KeyCount => Volatile.Read(ref _keys);

    public void Watch(TransactionState transaction, ReadOnlySpan<byte> key)
    {
        lock (_gate)
        {
            if (!_lookup.TryGetValue(key, out var stored, out var watchers))
            {
                stored = key.ToArray();
                watchers = [];
                _watchers.Add(stored, watchers);
                Volatile.Write(ref _keys, _watchers.Count);
            }
            else if (watchers.Contains(transaction))
            {
                return;
            }

            watchers.Add(transaction);
            transaction.Watched.Add(stored);
        }
    }

    /// <summary>UNWATCH, and what EXEC, DISCARD and a closing connection do.</summary>
    public void UnwatchAll(TransactionState transaction)
    {
        if (transaction.Watched.Count > 0)
        {
            lock (_gate)
            {
                foreach (var key in transaction.Watched)
                {
                    if (_watchers.TryGetValue(key, out var watchers))
                    {
                        watchers.Remove(transaction);
                        if (watchers.Count == 0)
                        {
                            _watchers.Remove(key);
                        }
                    }
                }

                transaction.Watched.Clear();
                Volatile.Write(ref _keys, _watchers.Count);
            }
        }

        transaction.ClearDirty();
    }

    /// <summary>The key changed (a write, expiry, eviction): every transaction watching it is dirty.</summary>
    public void Touch(ReadOnlySpan<byte> key)
    {
        if (IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            if (_lookup.TryGetValue(key, out var watchers))
            {
                foreach (var transaction in watchers)
                {
                    transaction.MarkDirty();
                }
            }
        }
    }

    /// <summary>
    /// Before FLUSHALL: as Redis 7.0, a flush touches the watched keys that exist (a watched key that was absent stays
    /// clean). The keys are read outside this registry's lock: checking one takes its shard lock, and shard locks are
    /// always taken before this one.
    /// </summary>
    public void TouchExisting(KeyStore store)
    {
        if (IsEmpty)
        {
            return;
        }

        byte[][] keys;
        lock (_gate)
        {
            keys = [.. _watchers.Keys];
        }

        foreach (var key in keys)
        {
            if (store.Exists(key))
            {
                Touch(key);
            }
        }
    }
}
