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
        var pending = new List<KeyValuePair<byte[], object>>(SnapshotBatch);
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
                        if (!shard.Map.TryGetValue(key, out var current) || !ReferenceEquals(current, entry) || Entry.IsExpired(entry, now))
                        {
                            continue;
                        }

                        ready.Add(entry is byte[] packed
                            ? new StoredKey(key, null, Entry.DeadlineOf(entry)) { Text = Entry.Text(packed) }
                            : new StoredKey(key, Freeze((CollectionValue)entry), Entry.DeadlineOf(entry)));
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
    /// none; see <see cref="DeadlineAt"/>). <paramref name="value"/> is a string's <c>byte[]</c> (copied) or a collection no
    /// one else holds (it becomes the store's); <paramref name="key"/> becomes the store's. False when the memory cap leaves no room for it
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
                // The common case at load: a new key, added with the caller's key array (no copy, no slot); a string is
                // copied once into its packed form.
                var entry = ToEntry(value, deadlineMs);
                if (!EnsureRoom(Entry.SizeOf(key.Length, entry), key))
                {
                    return false;
                }

                Added(shard, key, entry);
                NotifyModified(key);
                return true;
            }
        }

        using var slot = Open(key);
        var valueBytes = value is byte[] bytes ? bytes.Length : ((CollectionValue)value).SizeBytes;
        if (!slot.TryReserve(valueBytes - slot.ValueBytes))
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

    /// <summary>A loaded value as the dictionary holds it: a string packed with its header, a collection carrying its deadline.</summary>
    private object ToEntry(object value, long deadlineMs)
    {
        if (value is byte[] text)
        {
            return Entry.NewString(text, deadlineMs, LruNow);
        }

        var collection = (CollectionValue)value;
        collection.DeadlineMs = deadlineMs;
        collection.LastAccess = LruNow;
        return collection;
    }

    /// <summary>A copy of a collection that later writes cannot change (strings need none: their bytes are never written to).</summary>
    private static object Freeze(CollectionValue value) => value switch
    {
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
/// One key as <see cref="KeyStore.Snapshot"/> saw it. A string's bytes are <see cref="Text"/> (the stored ones, which
/// never change: no copy is made) and <see cref="Value"/> is null. Otherwise <see cref="Value"/> is, by type: a hash's
/// <c>KeyValuePair&lt;byte[], byte[]&gt;[]</c>; a list's <c>byte[][]</c>, head first; a <see cref="StoredSet"/>; a sorted
/// set's <c>KeyValuePair&lt;byte[], double&gt;[]</c> in rank order. Never write to any of the arrays.
/// </summary>
public readonly record struct StoredKey(byte[] Key, object? Value, long DeadlineMs)
{
    /// <summary>A string's value (when <see cref="Value"/> is null).</summary>
    public ReadOnlyMemory<byte> Text { get; init; }

    public bool IsString => Value is null;

    public bool HasDeadline => DeadlineMs != KeyStore.NoDeadline;
}

/// <summary>A set's members as <see cref="KeyStore.Snapshot"/> saw them (a distinct type, so it is not mistaken for a list).</summary>
public sealed record StoredSet(byte[][] Members);
