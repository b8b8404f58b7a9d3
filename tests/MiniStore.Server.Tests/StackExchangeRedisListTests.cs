using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, list commands (ASP.NET Core Data Protection's key ring is RPUSH + LRANGE 0 -1).</summary>
public sealed class StackExchangeRedisListTests : StackExchangeRedisTestBase
{
    private static string[] Strings(RedisValue[] values) => values.Select(v => (string)v!).ToArray();

    [Fact]
    public async Task Data_protection_key_ring_pattern_push_and_read_all()
    {
        var db = Redis.GetDatabase();
        const string xml = "<key id=\"1\"><creationDate>2026-01-01</creationDate></key>";
        Assert.Equal(1, await db.ListRightPushAsync("DataProtection-Keys", xml));
        Assert.Equal(2, await db.ListRightPushAsync("DataProtection-Keys", xml.Replace('1', '2')));
        var all = Strings(await db.ListRangeAsync("DataProtection-Keys", 0, -1));
        Assert.Equal([xml, xml.Replace('1', '2')], all);
    }

    [Fact]
    public async Task Push_pop_length_index_and_range()
    {
        var db = Redis.GetDatabase();
        Assert.Equal(3, await db.ListRightPushAsync("se:l", ["b", "c", "d"]));
        Assert.Equal(4, await db.ListLeftPushAsync("se:l", "a"));
        Assert.Equal(0, await db.ListLeftPushAsync("se:none", "x", When.Exists));
        Assert.Equal(5, await db.ListRightPushAsync("se:l", "e", When.Exists));
        Assert.Equal(5, await db.ListLengthAsync("se:l"));
        Assert.Equal("e", (string?)await db.ListGetByIndexAsync("se:l", -1));
        Assert.True((await db.ListGetByIndexAsync("se:l", 10)).IsNull);
        Assert.Equal("a", (string?)await db.ListLeftPopAsync("se:l"));
        Assert.Equal("e", (string?)await db.ListRightPopAsync("se:l"));
        Assert.Equal(["b", "c"], Strings(await db.ListLeftPopAsync("se:l", 2)));
        Assert.Equal(["d"], Strings(await db.ListRangeAsync("se:l")));
        Assert.True((await db.ListLeftPopAsync("se:none")).IsNull);
        Assert.Empty(await db.ListLeftPopAsync("se:none", 2));
    }

    [Fact]
    public async Task Set_remove_trim_insert_position_and_move()
    {
        var db = Redis.GetDatabase();
        await db.ListRightPushAsync("se:m", ["a", "b", "a", "c", "a"]);
        await db.ListSetByIndexAsync("se:m", 1, "B");
        Assert.Equal(2, await db.ListRemoveAsync("se:m", "a", -2));
        Assert.Equal(["a", "B", "c"], Strings(await db.ListRangeAsync("se:m")));
        Assert.Equal(4, await db.ListInsertAfterAsync("se:m", "B", "x"));
        Assert.Equal(5, await db.ListInsertBeforeAsync("se:m", "a", "first"));
        Assert.Equal(-1, await db.ListInsertBeforeAsync("se:m", "nope", "y"));
        Assert.Equal(2, await db.ListPositionAsync("se:m", "B"));
        Assert.Equal(new long[] { 1 }, await db.ListPositionsAsync("se:m", "a", 0));
        await db.ListTrimAsync("se:m", 1, -2);
        Assert.Equal(["a", "B", "x"], Strings(await db.ListRangeAsync("se:m")));
        Assert.Equal("x", (string?)await db.ListRightPopLeftPushAsync("se:m", "se:n"));
        Assert.Equal("a", (string?)await db.ListMoveAsync("se:m", "se:n", ListSide.Left, ListSide.Right));
        Assert.Equal(["x", "a"], Strings(await db.ListRangeAsync("se:n")));
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.ListSetByIndexAsync("se:n", 9, "z"));
        Assert.Equal("ERR index out of range", error.Message);
        await db.StringSetAsync("se:s", "v");
        var wrongType = await Assert.ThrowsAsync<RedisServerException>(() => db.ListLengthAsync("se:s"));
        Assert.StartsWith("WRONGTYPE", wrongType.Message, StringComparison.Ordinal);
    }
}
