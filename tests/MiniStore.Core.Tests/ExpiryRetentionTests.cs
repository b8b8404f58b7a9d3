using System.Runtime.CompilerServices;

namespace MiniStore.Core.Tests;

/// <summary>A stale expiry item must not keep an overwritten or deleted value alive (it would defeat the memory cap).</summary>
public sealed class ExpiryRetentionTests : StoreTestBase
{
    private static readonly byte[] Key = "big"u8.ToArray();

    [Fact]
    public void An_overwritten_value_with_a_pending_deadline_can_be_collected()
    {
        var old = StoreAndTrack(new SetOptions(Expiry: ExpiryMode.After, TtlMs: 3_600_000));
        // A different deadline, so the first item stays in the heap as a stale one (the same deadline needs no new item).
        Store.Set(Key, new byte[16], new SetOptions(Expiry: ExpiryMode.After, TtlMs: 3_600_001));

        Assert.Equal(2, Store.ExpiryHeapCount);
        AssertCollected(old);
    }

    [Fact]
    public void A_deleted_value_with_a_pending_deadline_can_be_collected()
    {
        var old = StoreAndTrack(new SetOptions(Expiry: ExpiryMode.After, TtlMs: 3_600_000));
        Assert.True(Store.Delete(Key));

        Assert.Equal(1, Store.ExpiryHeapCount);
        AssertCollected(old);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference StoreAndTrack(SetOptions options)
    {
        Store.Set(Key, new byte[1024 * 1024], options);
        // The stored array itself (the value's bytes are a window on it), not a copy.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(Store.Get(Key)!.Value, out var stored));
        return new WeakReference(stored.Array);
    }

    private static void AssertCollected(WeakReference value)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(value.IsAlive);
    }
}
