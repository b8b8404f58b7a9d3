namespace MiniStore.Core.Tests;

/// <summary>Typed values through <see cref="KeySlot"/>: creation, WRONGTYPE, emptied collections, accounting and expiry.</summary>
public sealed class KeySlotTests : StoreTestBase
{
    [Fact]
    public void A_collection_created_in_a_slot_exists_once_it_holds_an_element()
    {
        using (var slot = Store.Open("h"u8))
        {
            Assert.False(slot.Exists);
            Assert.True(slot.TryGetOrCreate<HashValue>(out var hash));
            Assert.True(hash.Set("f"u8, "v"u8));
            slot.MarkModified();
        }

        Assert.Equal(ValueKind.Hash, Store.TypeOf("h"u8));
        Assert.True(Store.Exists("h"u8));
        Assert.Equal(1, Store.Count());
        using var read = Store.Open("h"u8);
        Assert.Equal("v"u8.ToArray(), read.Collection<HashValue>()!.Get("f"u8));
    }

    [Fact]
    public void A_collection_created_and_left_empty_never_appears()
    {
        using (var slot = Store.Open("h"u8))
        {
            Assert.True(slot.TryGetOrCreate<HashValue>(out _));
        }

        Assert.False(Store.Exists("h"u8));
        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
    }

    [Fact]
    public void An_emptied_collection_disappears_with_its_key()
    {
        AddField("h", "f", "v");
        using (var slot = Store.Open("h"u8))
        {
            Assert.True(slot.Collection<HashValue>()!.Remove("f"u8));
            slot.MarkModified();
        }

        Assert.False(Store.Exists("h"u8));
        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
    }

    [Fact]
    public void Another_type_is_refused_and_left_unchanged()
    {
        Set("s"u8.ToArray(), "text"u8.ToArray());
        using (var slot = Store.Open("s"u8))
        {
            Assert.Equal(ValueKind.String, slot.Kind);
            Assert.False(slot.TryGetOrCreate<HashValue>(out _));
            Assert.Null(slot.Collection<HashValue>());
        }

        Assert.Equal("text"u8.ToArray(), Store.GetBytes("s"u8));
    }

    [Fact]
    public void Reading_a_collection_as_a_string_says_its_type()
    {
        AddField("h", "f", "v");
        Assert.Equal(ValueKind.Hash, Store.GetString("h"u8, out var value));
        Assert.Null(value);
        Assert.Null(Store.GetBytes("h"u8));
    }

    [Fact]
    public void SET_replaces_a_collection_but_SET_GET_on_one_is_WRONGTYPE()
    {
        AddField("h", "f", "v");
        Assert.Equal(SetStatus.WrongType, Store.Set("h"u8, "x"u8, new SetOptions(ReturnOld: true)).Status);
        Assert.Equal(ValueKind.Hash, Store.TypeOf("h"u8));

        Assert.Equal(SetStatus.Written, Store.Set("h"u8, "x"u8, SetOptions.Plain).Status);
        Assert.Equal("x"u8.ToArray(), Store.GetBytes("h"u8));
        Assert.Equal(Entry.SizeOf(1, 1), Store.GetStats().UsedBytes);
    }

    [Fact]
    public void GETEX_on_a_collection_is_WRONGTYPE()
    {
        AddField("h", "f", "v");
        Assert.Equal(GetExStatus.WrongType, Store.GetAndUpdateExpiry("h"u8, GetExpiryChange.None, 0, out _));
        Assert.Equal(GetExStatus.WrongType, Store.GetAndUpdateExpiry("h"u8, GetExpiryChange.ExpireAfter, 100, out _));
        Assert.Equal(-1, Store.TimeToLiveMs("h"u8));
    }

    [Fact]
    public void Used_bytes_follow_a_collection_as_it_grows_and_shrinks()
    {
        AddField("h", "f1", "v1");
        var one = Store.GetStats().UsedBytes;
        AddField("h", "f2", "value2");
        var two = Store.GetStats().UsedBytes;
        Assert.True(two > one);

        using (var slot = Store.Open("h"u8))
        {
            slot.Collection<HashValue>()!.Remove("f2"u8);
            slot.MarkModified();
        }

        Assert.Equal(one, Store.GetStats().UsedBytes);
        Store.Delete("h"u8);
        Assert.Equal(0, Store.GetStats().UsedBytes);
    }

    [Fact]
    public void A_deadline_set_in_a_slot_expires_the_collection()
    {
        AddField("h", "f", "v");
        using (var slot = Store.Open("h"u8))
        {
            Assert.True(Store.TryDeadlineAfter(100, out var deadline));
            slot.SetDeadline(deadline);
        }

        Assert.Equal(1, Store.GetStats().KeysWithExpiry);
        Assert.InRange(Store.TimeToLiveMs("h"u8), 1, 100);
        Advance(100);
        Assert.Equal(new StoreStats(0, 0, 1, 0), Store.GetStats());
    }

    [Fact]
    public void Removing_the_deadline_keeps_the_key_past_it()
    {
        AddField("h", "f", "v");
        using (var slot = Store.Open("h"u8))
        {
            Store.TryDeadlineAfter(100, out var deadline);
            slot.SetDeadline(deadline);
        }

        using (var slot = Store.Open("h"u8))
        {
            slot.SetDeadline(KeyStore.NoDeadline);
        }

        Advance(200);
        Assert.True(Store.Exists("h"u8));
        Assert.Equal(0, Store.GetStats().KeysWithExpiry);
    }

    [Fact]
    public void Deleting_and_writing_again_in_one_slot_leaves_the_new_value()
    {
        AddField("k", "f", "v");
        using (var slot = Store.Open("k"u8))
        {
            slot.Delete();
            Assert.False(slot.Exists);
            slot.SetString("new"u8.ToArray(), KeyStore.NoDeadline);
        }

        Assert.Equal("new"u8.ToArray(), Store.GetBytes("k"u8));
        Assert.Equal(new StoreStats(1, 0, 0, Entry.SizeOf(1, 3)), Store.GetStats());
    }

    [Fact]
    public void A_slot_never_shows_an_expired_key()
    {
        SetPx("k"u8.ToArray(), "v"u8.ToArray(), 10);
        Advance(10);
        using var slot = Store.Open("k"u8);
        Assert.False(slot.Exists);
        Assert.Equal(ValueKind.None, slot.Kind);
    }

    [Fact]
    public void The_observer_hears_of_writes_expiry_and_flushes_but_not_reads()
    {
        var observer = new RecordingObserver();
        Store.Observer = observer;
        Set("a"u8.ToArray(), "1"u8.ToArray());
        Store.GetBytes("a"u8);
        using (var slot = Store.Open("a"u8))
        {
            slot.Touch();
        }

        AddField("h", "f", "v");
        SetPx("t"u8.ToArray(), "1"u8.ToArray(), 5);
        Advance(5);
        Store.Delete("a"u8);
        Store.Delete("missing"u8);
        Store.FlushAll();

        Assert.Equal(["a", "h", "t", "t", "a"], observer.Modified);
        Assert.Equal(1, observer.Flushes);
    }

    [Fact]
    public void FLUSHALL_empties_every_type_and_zeroes_the_estimate()
    {
        AddField("h", "f", "v");
        Set("s"u8.ToArray(), "v"u8.ToArray());
        SetPx("t"u8.ToArray(), "v"u8.ToArray(), 1000);
        Store.FlushAll();
        Assert.Equal(new StoreStats(0, 0, 0, 0), Store.GetStats());
        Assert.Equal(0, Store.ExpiryHeapCount);
    }

    private void AddField(string key, string field, string value)
    {
        using var slot = Store.Open(System.Text.Encoding.UTF8.GetBytes(key));
        Assert.True(slot.TryGetOrCreate<HashValue>(out var hash));
        hash.Set(System.Text.Encoding.UTF8.GetBytes(field), System.Text.Encoding.UTF8.GetBytes(value));
        slot.MarkModified();
    }

    private sealed class RecordingObserver : IKeyspaceObserver
    {
        public List<string> Modified { get; } = [];

        public int Flushes { get; private set; }

        public void OnModified(ReadOnlySpan<byte> key) => Modified.Add(System.Text.Encoding.UTF8.GetString(key));

        public void OnFlushed() => Flushes++;
    }
}
