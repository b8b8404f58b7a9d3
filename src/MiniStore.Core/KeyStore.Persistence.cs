namespace MiniStore.Core;

/// <summary>
/// What persistence needs from the store: a walk over every key with its typed value and deadline, taken without
/// stopping the world, and a way to put a loaded key back.
/// </summary>
public sealed partial class KeyStore
{
    /// <summary>Keys read under one hold of a shard lock: short enough that a writer waiting on the lock barely notices.</summary>
    private const int SnapshotBatch = 128;

    /// <summary>
    /// Every live key, shard by shard, as a <see cref="StoredKey"/> whose value no one else can change. Each key is
    /// exactly as it was at one instant during the walk (its value and deadline are read together under its shard lock,
    /// a collection copied out there), but different keys are seen at different instants: a key written during the walk
    /// may appear old or new, a key added during it may be missed, a key deleted during it may be missed. Writers wait
    /// for at most one batch of <see cref="SnapshotBatch"/> keys (plus the copy of any collection among them), never for
    /// the whole walk.
    /// </summary>
    public IEnumerable<StoredKey> Snapshot()
    {
        var pending = new List<KeyValuePair<byte[], Entry>>(SnapshotBatch);
        var ready = new List<StoredKey>(SnapshotBatch);
        foreach (var shard in _shards)
        {
            // Enumerating a ConcurrentDictionary is safe while it changes; what it yields is confirmed under the lock.
            using var walk = shard.Map.GetEnumerator();
            var more = true;
            while (more)
            {
                pending.Clear();
                while (pending.Count < SnapshotBatch && (more = walk.MoveNext()))
                {
                    pending.Add(walk.Current);
                }

                if (pending.Count == 0)
                {
                    break;
                }

                ready.Clear();
                using (shard.Gate.EnterScope())
                {
                    var now = _clock.NowMs;
                    foreach (var (key, entry) in pending)
                    {
                        // Deleted (or deleted and written again) since the enumerator saw it: the key as it is now is
                        // either absent or another entry that a later batch cannot see, so it counts as missed.
                        if (!shard.Map.TryGetValue(key, out var current) || !ReferenceEquals(current, entry) || entry.IsExpired(now))
                        {
                            continue;
                        }

                        ready.Add(new StoredKey(key, Freeze(entry.Value), entry.DeadlineMs));
                    }
                }

                foreach (var stored in ready)
                {
                    yield return stored;
                }
            }
        }
    }

    /// <summary>
    /// Puts a loaded key in place (replacing any value it had), with a monotonic deadline (<see cref="NoDeadline"/> for
    /// none; see <see cref="DeadlineAt"/>). <paramref name="value"/> is a <c>byte[]</c> or a collection no one else holds;
    /// it becomes the store's, and so does <paramref name="key"/>. False when the memory cap leaves no room for it
    /// (noeviction, or nothing left to evict).
    /// </summary>
    public bool TryLoad(byte[] key, object value, long deadlineMs)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (value is not byte[] && value is not CollectionValue)
        {
            throw new ArgumentException("A value is a byte[] or a CollectionValue.", nameof(value));
        }

        var shard = ShardOf(key);
        using (shard.Gate.EnterScope())
        {
            if (!shard.Map.ContainsKey(key))
            {
                // The common case at load: a new key, added with the caller's array (no copy, no slot).
                if (!EnsureRoom(Entry.SizeOf(key.Length, Entry.ValueBytes(value)), key))
                {
                    return false;
                }

                Added(shard, key, new Entry(value, deadlineMs, LruNow));
                NotifyModified(key);
                return true;
            }
        }

        using var slot = Open(key);
        if (!slot.TryReserve(Entry.SizeOf(key.Length, Entry.ValueBytes(value)) - (slot.Exists ? Entry.SizeOf(key.Length, slot.ValueBytes) : 0)))
        {
            return false;
        }

        slot.SetValue(value, deadlineMs);
        return true;
    }

    /// <summary>Writes since start that changed a key (a command changing one key counts once; FLUSHALL counts its keys; expiry and eviction count).</summary>
    public long ChangeCount
    {
        get
        {
            long changes = 0;
            foreach (var shard in _shards)
            {
                changes += shard.Changes;
            }

            return changes;
        }
    }

    /// <summary>A copy of a value that later writes cannot change: strings are never written to, collections are copied.</summary>
    private static object Freeze(object value) => value switch
    {
        byte[] bytes => bytes,
        HashValue hash => hash.Fields.ToArray(),
        ListValue list => ListItems(list),
        SetValue set => new StoredSet(set.Members.ToArray()),
        SortedSetValue zset => SortedItems(zset),
        _ => throw new InvalidOperationException($"Unknown value type {value.GetType().Name}."),
    };

    private static byte[][] ListItems(ListValue list)
    {
        var items = new byte[list.Count][];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = list[i];
        }

        return items;
    }

    private static KeyValuePair<byte[], double>[] SortedItems(SortedSetValue zset)
    {
        var items = new KeyValuePair<byte[], double>[zset.Count];
        var i = 0;
        for (var node = zset.First; node is not null; node = node.Next)
        {
            items[i++] = new(node.Member, node.Score);
        }

        return items;
    }
}

/// <summary>
/// One key as <see cref="KeyStore.Snapshot"/> saw it. <see cref="Value"/> is, by type: a string's <c>byte[]</c>; a hash's
/// <c>KeyValuePair&lt;byte[], byte[]&gt;[]</c>; a list's <c>byte[][]</c>, head first; a <see cref="StoredSet"/>; a sorted
/// set's <c>KeyValuePair&lt;byte[], double&gt;[]</c> in rank order. Never write to any of the arrays.
/// </summary>
public readonly record struct StoredKey(byte[] Key, object Value, long DeadlineMs)
{
    public bool HasDeadline => DeadlineMs != KeyStore.NoDeadline;
}

/// <summary>A set's members as <see cref="KeyStore.Snapshot"/> saw them (a distinct type, so it is not mistaken for a list).</summary>
public sealed record StoredSet(byte[][] Members);
