namespace MiniStore.Core;

/// <summary>
/// Hears of every change to the keyspace, with the key's shard lock held (keep it short, and never lock another shard
/// from here): writes, expiry and eviction by key, FLUSHALL at once. WATCH and blocked clients are built on it.
/// </summary>
public interface IKeyspaceObserver
{
    void OnModified(ReadOnlySpan<byte> key);

    void OnFlushed();
}
