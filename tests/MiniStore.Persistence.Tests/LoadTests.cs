using System.Text;
using Microsoft.Extensions.Time.Testing;
using MiniStore.Core;

namespace MiniStore.Persistence.Tests;

/// <summary>Loading: expiry at load, the memory cap, other databases, and refusing damaged files with the offset.</summary>
public sealed class LoadTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(55));

    [Fact]
    public void KeysAlreadyExpired_AreDroppedAtLoad_AndTheRestKeepTheirAbsoluteExpiry()
    {
        using var source = new KeyStore(time: _time);
        Datasets.Put(source, "short", Datasets.Bytes("a"), source.NowMs + 5_000);
        Datasets.Put(source, "long", Datasets.Bytes("b"), source.NowMs + 60_000);
        Datasets.Put(source, "none", Datasets.Bytes("c"));
        var file = Save(source);

        // Ten seconds later (a restart): "short" is gone, "long" has 50 s left.
        _time.Advance(TimeSpan.FromSeconds(10));
        using var target = new KeyStore(time: _time);
        var result = RdbLoader.Load(target, file);
        Assert.Equal(2, result.KeysLoaded);
        Assert.Equal(1, result.ExpiredKeys);
        Assert.Equal(-2, target.TimeToLiveMs("short"u8));
        Assert.Equal(50_000, target.TimeToLiveMs("long"u8));
        Assert.Equal(-1, target.TimeToLiveMs("none"u8));
    }

    [Fact]
    public void AtTheMemoryCap_WithNoEviction_TheLoadStops_AndSaysSo()
    {
        using var source = new KeyStore(time: _time);
        for (var i = 0; i < 1000; i++)
        {
            Datasets.Put(source, $"key:{i}", new byte[1000]);
        }

        var file = Save(source);
        using var target = new KeyStore(new StoreOptions { MaxMemoryBytes = 100_000, EvictionPolicy = EvictionPolicy.NoEviction }, _time);
        var result = RdbLoader.Load(target, file);
        Assert.True(result.OutOfMemory);
        Assert.InRange(result.KeysLoaded, 1, 100);
        Assert.True(target.UsedBytes <= 100_000);
    }

    [Fact]
    public void AtTheMemoryCap_WithEviction_TheLoadCompletes_WithinTheCap()
    {
        using var source = new KeyStore(time: _time);
        for (var i = 0; i < 1000; i++)
        {
            Datasets.Put(source, $"key:{i}", new byte[1000]);
        }

        using var target = new KeyStore(new StoreOptions { MaxMemoryBytes = 100_000, EvictionPolicy = EvictionPolicy.AllKeysRandom }, _time);
        var result = RdbLoader.Load(target, Save(source));
        Assert.False(result.OutOfMemory);
        Assert.Equal(1000, result.KeysLoaded);
        Assert.True(target.UsedBytes <= 100_000);
    }

    [Fact]
    public void ATruncatedFile_IsRefused_NamingTheOffset()
    {
        var file = Save(Filled()).ToArray();
        foreach (var cut in new[] { 3, 9, 20, file.Length / 3, file.Length / 2, file.Length - 9, file.Length - 1 })
        {
            using var store = new KeyStore(time: _time);
            var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, new MemoryStream(file, 0, cut)));
            Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
            Assert.InRange(ex.Offset, 0, cut);
        }
    }

    [Fact]
    public void AFlippedBit_IsRefused_EvenWhereOnlyTheChecksumCanTell()
    {
        var file = Save(Filled()).ToArray();
        var random = new Random(3);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var damaged = (byte[])file.Clone();
            damaged[9 + random.Next(damaged.Length - 9)] ^= (byte)(1 << random.Next(8));
            using var store = new KeyStore(time: _time);
            var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, new MemoryStream(damaged)));
            Assert.InRange(ex.Offset, 0, damaged.Length);
        }
    }

    [Fact]
    public void AValueWhoseBitFlipOnlyTheChecksumCatches_IsRefusedAtTheChecksumOffset()
    {
        using var source = new KeyStore(time: _time);
        Datasets.Put(source, "k", Datasets.Bytes("hello"));
        var file = Save(source).ToArray();
        var at = file.AsSpan().IndexOf("hello"u8);
        file[at] = (byte)'j';
        using var store = new KeyStore(time: _time);
        var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, new MemoryStream(file)));
        Assert.Equal(file.Length - 8, ex.Offset);
        Assert.StartsWith("wrong checksum", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOpcode_IsRefused_AtItsOffset()
    {
        var file = new MemoryStream();
        file.Write("REDIS0010"u8);
        file.WriteByte(0xFE);
        file.WriteByte(0);
        file.WriteByte(100);
        file.Position = 0;
        using var store = new KeyStore(time: _time);
        var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, file));
        Assert.Equal(11, ex.Offset);
        Assert.Contains("unknown opcode or value type 100", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHugeLength_IsRefused_BeforeAnythingIsAllocated()
    {
        var file = new MemoryStream();
        file.Write("REDIS0010"u8);
        file.Write([0x00, 0x01, (byte)'k', 0x81, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        file.Position = 0;
        using var store = new KeyStore(time: _time);
        var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, file));
        Assert.Equal(12, ex.Offset);
        Assert.StartsWith("bad length", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepingOnCorruption_KeepsTheKeysReadBeforeIt()
    {
        using var source = new KeyStore(time: _time);
        for (var i = 0; i < 100; i++)
        {
            Datasets.Put(source, $"key:{i}", Datasets.Bytes($"value {i}"));
        }

        var file = Save(source).ToArray();
        using var store = new KeyStore(time: _time);
        var result = RdbLoader.Load(store, new MemoryStream(file, 0, file.Length / 2), keepOnCorruption: true);
        Assert.NotNull(result.Corruption);
        Assert.InRange(result.KeysLoaded, 10, 99);
        Assert.Equal(result.KeysLoaded, store.Count());
    }

    [Fact]
    public void NotAnRdbFile_IsRefusedAtOffsetZero()
    {
        using var store = new KeyStore(time: _time);
        var ex = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, new MemoryStream(Encoding.ASCII.GetBytes("hello world, not redis"))));
        Assert.Equal(0, ex.Offset);
        var version = Assert.Throws<RdbFormatException>(() => RdbLoader.Load(store, new MemoryStream("REDIS0099"u8.ToArray())));
        Assert.Contains("version 99", version.Message, StringComparison.Ordinal);
    }

    private KeyStore Filled()
    {
        var store = new KeyStore(time: _time);
        Datasets.FillEveryType(store);
        return store;
    }

    private static MemoryStream Save(KeyStore store)
    {
        var file = new MemoryStream();
        RdbSnapshot.Write(store, file, compress: true, CancellationToken.None, out _);
        file.Position = 0;
        return file;
    }
}
