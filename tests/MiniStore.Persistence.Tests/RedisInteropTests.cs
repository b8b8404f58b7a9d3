using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MiniStore.Core;
using StackExchange.Redis;

namespace MiniStore.Persistence.Tests;

/// <summary>The file format against the real thing: redis-check-rdb and redis-server 7 read what we write, and we read what redis-server writes.</summary>
public sealed class RedisInteropTests
{
    [Fact]
    public async Task OurDump_OfEveryType_PassesRedisCheckRdb_AndRedisServerServesTheSameKeys()
    {
        using var dir = new TempDirectory();
        using var store = new KeyStore();
        Datasets.FillEveryType(store);
        var path = dir.File("dump.rdb");
        var saved = RdbSnapshot.Save(store, path);
        Assert.Equal(store.Count(), saved.Keys);
        Assert.Equal(new FileInfo(path).Length, saved.Bytes);

        var (exitCode, output) = await RedisTools.CheckRdbAsync(path);
        Assert.True(exitCode == 0, output);
        Assert.Contains("RDB looks OK", output, StringComparison.Ordinal);

        var expected = Keyspace.Of(store);
        await using var redis = await RedisTools.StartOnAsync(dir.Path);
        await using var connection = await RedisTools.ConnectAsync(redis);
        var actual = await Keyspace.OfAsync(connection.GetDatabase(), connection.GetServer("127.0.0.1", redis.Port));
        expected.AssertSame(actual);

        // redis-server chose its compact encodings on load, as for keys it made itself.
        var db = connection.GetDatabase();
        Assert.Equal("listpack", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "hash:small"));
        Assert.Equal("hashtable", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "hash:big"));
        Assert.Equal("intset", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "set:ints"));
        Assert.Equal("listpack", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "zset:small"));
        Assert.Equal("skiplist", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "zset:big"));
        Assert.Equal("int", (string?)await db.ExecuteAsync("OBJECT", "ENCODING", "str:int32"));
    }

    [Fact]
    public async Task RedisServersDump_OfEveryEncoding_LoadsWithTheSameContent()
    {
        using var dir = new TempDirectory();
        Keyspace expected;
        await using (var redis = await RedisTools.StartOnAsync(dir.Path))
        {
            await using var connection = await RedisTools.ConnectAsync(redis);
            var db = connection.GetDatabase();
            await FillRedisAsync(db, connection.GetDatabase(1));
            await AssertEncodingsAsync(db);
            Assert.Equal("OK", (string?)await db.ExecuteAsync("SAVE"));
            expected = await Keyspace.OfAsync(db, connection.GetServer("127.0.0.1", redis.Port));
        }

        // The stream is the one key MiniStore cannot hold.
        Assert.Equal("other:Stream", expected.Values[Convert.ToHexString("stream"u8)]);
        expected.Values.Remove(Convert.ToHexString("stream"u8));

        var path = dir.File("dump.rdb");
        var file = await File.ReadAllBytesAsync(path);
        Assert.Equal(BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)), Crc64.Compute(file.AsSpan(0, file.Length - 8)));

        using var store = new KeyStore();
        var result = RdbLoader.Load(store, path);
        Assert.Null(result.Corruption);
        Assert.False(result.OutOfMemory);
        Assert.Equal(1, result.OtherDatabaseKeys);
        Assert.Equal(1, result.Skipped["stream"]);
        Assert.Equal(1, result.Skipped["function library"]);
        Assert.Equal(expected.Values.Count, result.KeysLoaded);
        expected.AssertSame(Keyspace.Of(store));
    }

    [Fact]
    public async Task RedisServersDump_WithoutCompression_AndAfterOurRoundTrip_StaysTheSame()
    {
        using var dir = new TempDirectory();
        await using (var redis = await RedisServerProcess.StartAsync(["--dir", dir.Path, "--dbfilename", "dump.rdb", "--save", string.Empty, "--rdbcompression", "no"]))
        {
            await using var connection = await RedisTools.ConnectAsync(redis);
            var db = connection.GetDatabase();
            await db.StringSetAsync("long", new string('x', 10_000));
            await db.ListRightPushAsync("list", Enumerable.Range(0, 3000).Select(i => (RedisValue)$"item-{i % 7}").ToArray());
            await db.ExecuteAsync("SAVE");
        }

        using var store = new KeyStore();
        RdbLoader.Load(store, dir.File("dump.rdb"));
        Assert.Equal(new string('x', 10_000), Encoding.ASCII.GetString(store.Snapshot().Single(k => k.Key.Length == 4 && k.Key[0] == (byte)'l' && k.IsString).Text.Span));

        // Ours, compressed, back through our reader.
        var again = dir.File("again.rdb");
        RdbSnapshot.Save(store, again);
        Assert.True(new FileInfo(again).Length < new FileInfo(dir.File("dump.rdb")).Length / 4);
        using var reloaded = new KeyStore();
        RdbLoader.Load(reloaded, again);
        Keyspace.Of(store).AssertSame(Keyspace.Of(reloaded));
    }

    private static async Task FillRedisAsync(IDatabase db, IDatabase otherDb)
    {
        var random = new Random(7);
        await db.StringSetAsync("str:small", "hello");
        await db.StringSetAsync("str:int", "12345");
        await db.StringSetAsync("str:neg", "-70000");
        await db.StringSetAsync("str:byte", "-5");
        await db.StringSetAsync("str:int64", "9223372036854775807");
        await db.StringSetAsync("str:lzf", string.Concat(Enumerable.Repeat("compress me ", 500)));
        await db.StringSetAsync("str:binary", Datasets.RandomBytes(random, 2000));
        await db.StringSetAsync("str:empty", string.Empty);
        await db.StringSetAsync("str:ttl", "v", TimeSpan.FromHours(5));
        await db.StringSetAsync("str:pttl", "v", TimeSpan.FromMilliseconds(987_654_321));

        await db.HashSetAsync("hash:small", [new("a", "1"), new("b", "two"), new("n", "-3")]);
        await db.HashSetAsync("hash:big", Enumerable.Range(0, 1000).Select(i => new HashEntry($"f{i}", i % 2 == 0 ? i.ToString(CultureInfo.InvariantCulture) : $"value {i}")).ToArray());
        await db.HashSetAsync("hash:longvalue", [new("a", "1"), new("long", new string('v', 100))]);
        await db.KeyExpireAsync("hash:big", TimeSpan.FromDays(2));

        await db.ListRightPushAsync("list:small", ["a", "1", "-1", "300", "-70000", "5000000000", string.Empty]);
        await db.ListRightPushAsync("list:big", Enumerable.Range(0, 20_000).Select(i => (RedisValue)(i % 3 == 0 ? i.ToString(CultureInfo.InvariantCulture) : $"element number {i}")).ToArray());
        await db.ListRightPushAsync("list:bigitem", [new string('L', 20_000), "tail"]);
        await db.KeyExpireAsync("list:small", TimeSpan.FromMinutes(30));

        await db.SetAddAsync("set:intset", ["1", "2", "-3", "40000", "5000000000"]);
        await db.SetAddAsync("set:bigints", Enumerable.Range(0, 1000).Select(i => (RedisValue)(i * 7)).ToArray());
        await db.SetAddAsync("set:strings", ["apple", "banana", "cherry"]);
        await db.SetAddAsync("set:big", Enumerable.Range(0, 2000).Select(i => (RedisValue)$"member {i}").ToArray());

        await db.SortedSetAddAsync("zset:small", [new("a", 1), new("b", 2.5), new("c", -0.125), new("d", double.PositiveInfinity), new("e", double.NegativeInfinity), new("f", 1e-300)]);
        await db.SortedSetAddAsync("zset:big", Enumerable.Range(0, 500).Select(i => new SortedSetEntry($"m{i}", random.NextDouble() * 1e6 - 5e5)).ToArray());
        await db.SortedSetAddAsync("zset:longmember", [new("x", 1), new(new string('m', 100), 2)]);
        await db.KeyExpireAsync("zset:big", TimeSpan.FromDays(400));

        // Types and places MiniStore does not have: skipped with a count.
        await db.ExecuteAsync("XADD", "stream", "1-1", "field", "value");
        await db.ExecuteAsync("XADD", "stream", "2-1", "field", "value2");
        await db.ExecuteAsync("XGROUP", "CREATE", "stream", "group", "0");
        await db.ExecuteAsync("XREADGROUP", "GROUP", "group", "consumer", "COUNT", "1", "STREAMS", "stream", ">");
        await db.ExecuteAsync("FUNCTION", "LOAD", "#!lua name=mylib\nredis.register_function('myfunc', function(keys, args) return 1 end)");
        await otherDb.StringSetAsync("elsewhere", "db1");
    }

    private static async Task AssertEncodingsAsync(IDatabase db)
    {
        async Task Expect(string key, string encoding) => Assert.Equal(encoding, (string?)await db.ExecuteAsync("OBJECT", "ENCODING", key));
        await Expect("str:small", "embstr");
        await Expect("str:int", "int");
        await Expect("str:lzf", "raw");
        await Expect("hash:small", "listpack");
        await Expect("hash:big", "hashtable");
        await Expect("hash:longvalue", "hashtable");
        await Expect("list:small", "quicklist");
        await Expect("list:big", "quicklist");
        await Expect("set:intset", "intset");
        await Expect("set:bigints", "hashtable");
        await Expect("set:strings", "hashtable");
        await Expect("zset:small", "listpack");
        await Expect("zset:big", "skiplist");
        await Expect("zset:longmember", "skiplist");
    }
}
