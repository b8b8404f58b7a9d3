namespace MiniStore.Core;

/// <summary>How a change to a key is settled: the dictionary, the counters, the expiry heap and the observer, in one place.</summary>
public sealed partial class KeyStore
{
    /// <summary>A key that did not exist now does (from <see cref="KeySlot"/>, shard lock held).</summary>
    internal void Added(Shard shard, byte[] key, object entry)
    {
        if (!shard.Map.TryAdd(key, entry))
        {
            throw new InvalidOperationException("A key was added while its shard lock was held elsewhere.");
        }

        var size = Entry.SizeOf(key.Length, entry);
        var deadline = Entry.DeadlineOf(entry);
        var hasDeadline = deadline != NoDeadline;
        shard.Count(1, hasDeadline ? 1 : 0, size);
        AddUsedBytes(size, released: 0);
        if (hasDeadline)
        {
            _expiry.Schedule(key, deadline);
        }
    }

    /// <summary>An existing key's value or deadline changed (shard lock held).</summary>
    internal void Changed(Shard shard, in SlotBefore before, object entry, bool valueReplaced)
    {
        var key = before.Key!;
        if (!ReferenceEquals(before.Value, entry))
        {
            // A new value (SET over an old one, or deleted and written again within one slot): one dictionary write.
            // For a reference-type value ConcurrentDictionary stores it into the existing node (no new node, no window
            // in which a lock-free reader finds the key missing).
            shard.Map[key] = entry;
        }

        var size = Entry.SizeOf(key.Length, entry);
        var deadline = Entry.DeadlineOf(entry);
        var hasDeadline = deadline != NoDeadline;
        var hadDeadline = before.DeadlineMs != NoDeadline;
        shard.Count(0, (hasDeadline ? 1 : 0) - (hadDeadline ? 1 : 0), size - before.Size);

        // What became garbage: the whole old value if it was replaced, else what a collection shrank by.
        var released = valueReplaced ? Entry.ValueBytes(before.Value!) : Math.Max(0, before.Size - size);
        AddUsedBytes(size - before.Size, released);
        if (hasDeadline && deadline != before.DeadlineMs)
        {
            _expiry.Schedule(key, deadline);
        }
    }

    /// <summary>An existing key was deleted (shard lock held).</summary>
    internal void Removed(Shard shard, in SlotBefore before)
    {
        shard.Map.TryRemove(before.Key!, out _);
        shard.Count(-1, before.DeadlineMs != NoDeadline ? -1 : 0, -before.Size);
        AddUsedBytes(-before.Size, before.Size);
    }

    /// <summary>Removes an entry found past its deadline (shard lock held).</summary>
    internal void RemoveExpired(Shard shard, byte[] key, object entry)
    {
        RemoveEntry(shard, key, entry);
        Interlocked.Increment(ref _expiredKeys);
        NotifyModified(key);
    }

    internal void NotifyModified(ReadOnlySpan<byte> key) => Observer?.OnModified(key);

    private void RemoveEntry(Shard shard, byte[] key, object entry)
    {
        shard.Map.TryRemove(key, out _);
        var size = Entry.SizeOf(key.Length, entry);
        shard.Count(-1, Entry.HasDeadline(entry) ? -1 : 0, -size);
        AddUsedBytes(-size, size);
    }
}
