using System.Runtime.InteropServices;

namespace MiniStore.Core.Tests;

/// <summary>
/// A string is stored as one packed array (header, then the value bytes) and the dictionary maps the key straight to
/// it (see <see cref="Entry"/>). These pin what that layout promises: reads allocate nothing, an overwrite allocates the
/// new packed array and nothing else (ConcurrentDictionary stores a reference-type value into the existing node), the
/// bytes a reader was handed never change, and the header changes in place.
/// </summary>
public sealed class PackedStringTests : StoreTestBase
{
    private static readonly byte[] Key = "key:00000001"u8.ToArray();

    [Fact]
    public void Reads_allocate_nothing_once_warm()
    {
        Store.Set(Key, new byte[32], SetOptions.Plain);
        Store.Set("ttl"u8, new byte[32], Options.Px(60_000));
        var before = 0L;
        long sink = 0;
        for (var round = 0; round < 200; round++)
        {
            if (round == 100)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            sink += Store.GetString(Key, out var value) == ValueKind.String ? value!.Value.Length : 0;
            sink += Store.Get("ttl"u8)!.Value.Length;
            sink += Store.Exists(Key) ? 1 : 0;
            sink += Store.TimeToLiveMs("ttl"u8);
            sink += Store.Delete("missing"u8) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, sink);
    }

    [Fact]
    public void An_overwrite_allocates_only_the_new_packed_array()
    {
        var value = new byte[32];
        Store.Set(Key, value, SetOptions.Plain);
        var packedSize = AllocatedBy(() => Entry.NewString(value, Entry.NoDeadline, 0));

        const int Overwrites = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Overwrites; i++)
        {
            Store.Set(Key, value, SetOptions.Plain);
        }

        var perOverwrite = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Overwrites;

        // A new dictionary node would add 48 B.
        Assert.Equal(packedSize, perOverwrite);
        Assert.Equal(72, packedSize);
    }

    [Fact]
    public void Bytes_handed_to_a_reader_never_change_when_the_key_is_overwritten_or_its_deadline_changes()
    {
        Store.Set(Key, "first"u8, SetOptions.Plain);
        var held = Store.Get(Key)!.Value;

        Store.Set(Key, "other"u8, SetOptions.Plain);
        Store.GetAndUpdateExpiry(Key, GetExpiryChange.ExpireAfter, 60_000, out _);

        Assert.Equal("first"u8.ToArray(), held.ToArray());
        Assert.Equal("other"u8.ToArray(), Store.GetBytes(Key));
    }

    [Fact]
    public void A_deadline_change_is_written_in_place_into_the_stored_array()
    {
        Store.Set(Key, "v"u8, SetOptions.Plain);
        var stored = StoredArray(Store.Get(Key)!.Value);

        Store.GetAndUpdateExpiry(Key, GetExpiryChange.ExpireAfter, 5000, out _);

        Assert.Same(stored, StoredArray(Store.Get(Key)!.Value));
        Assert.Equal(5000, Store.TimeToLiveMs(Key));
        Assert.Equal(Store.NowMs + 5000, Entry.DeadlineOf(stored));

        Store.GetAndUpdateExpiry(Key, GetExpiryChange.Persist, 0, out _);

        Assert.Same(stored, StoredArray(Store.Get(Key)!.Value));
        Assert.Equal(-1, Store.TimeToLiveMs(Key));
    }

    [Fact]
    public void A_collection_carries_its_own_deadline()
    {
        using (var slot = Store.Open("h"u8))
        {
            Assert.True(slot.TryGetOrCreate<HashValue>(out var hash));
            hash.Set("f"u8, "v"u8);
            slot.MarkModified();
            slot.SetDeadline(Store.NowMs + 2000);
        }

        Assert.Equal(2000, Store.TimeToLiveMs("h"u8));
        Advance(2000);
        Assert.False(Store.Exists("h"u8));
    }

    [Fact]
    public void RENAME_moves_the_stored_array_with_its_deadline()
    {
        Store.Set(Key, "v"u8, Options.Px(3000));
        var stored = StoredArray(Store.Get(Key)!.Value);

        using (var locks = Store.LockKeys(Key, "to"u8))
        {
            using var from = Store.Open(Key);
            var to = Store.Open("to"u8);
            try
            {
                from.MoveTo(ref to);
            }
            finally
            {
                to.Dispose();
            }
        }

        Assert.False(Store.Exists(Key));
        Assert.Same(stored, StoredArray(Store.Get("to"u8)!.Value));
        Assert.Equal(3000, Store.TimeToLiveMs("to"u8));
        Advance(3000);
        Assert.False(Store.Exists("to"u8));
        Assert.Equal(0, Store.Count());
    }

    private static byte[] StoredArray(ReadOnlyMemory<byte> value)
    {
        Assert.True(MemoryMarshal.TryGetArray(value, out var segment));
        Assert.Equal(Entry.HeaderSize, segment.Offset);
        return segment.Array!;
    }

    private static double AllocatedBy(Func<object> allocate)
    {
        const int Count = 1000;
        var keep = new object[Count];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            keep[i] = allocate();
        }

        var after = GC.GetAllocatedBytesForCurrentThread();
        GC.KeepAlive(keep);
        return (after - before) / (double)Count;
    }
}
