using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, a real production client, against the real server.</summary>
public sealed class StackExchangeRedisTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task String_get_set_with_expiry_and_conditions()
    {
        var db = Redis.GetDatabase();
        Assert.True(await db.StringSetAsync("se:k", "v1", TimeSpan.FromSeconds(100)));
        Assert.Equal("v1", (string?)await db.StringGetAsync("se:k"));
        var ttl = await db.KeyTimeToLiveAsync("se:k");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 90, 100);

        Assert.False(await db.StringSetAsync("se:k", "v2", when: When.NotExists));
        Assert.True(await db.StringSetAsync("se:new", "v2", when: When.NotExists));
        Assert.True(await db.StringSetAsync("se:new", "v3", when: When.Exists));
        Assert.Equal("v3", (string?)await db.StringGetAsync("se:new"));
        Assert.Null(await db.KeyTimeToLiveAsync("se:new"));
        Assert.True((await db.StringGetAsync("se:missing")).IsNull);
    }

    [Fact]
    public async Task Key_delete_exists_and_ttl()
    {
        var db = Redis.GetDatabase();
        await db.StringSetAsync("se:a", "1");
        await db.StringSetAsync("se:b", "2");
        Assert.True(await db.KeyExistsAsync("se:a"));
        Assert.Equal(2, await db.KeyExistsAsync(["se:a", "se:b", "se:none"]));
        Assert.True(await db.KeyDeleteAsync("se:a"));
        Assert.False(await db.KeyDeleteAsync("se:a"));
        Assert.Equal(1, await db.KeyDeleteAsync(["se:b", "se:none"]));
        Assert.False(await db.KeyExistsAsync("se:b"));
    }

    [Fact]
    public async Task A_batch_of_ten_thousand_operations_pipelines()
    {
        var db = Redis.GetDatabase();
        var batch = db.CreateBatch();
        var sets = Enumerable.Range(0, 5_000).Select(i => batch.StringSetAsync($"batch:{i}", $"value:{i}")).ToArray();
        var gets = Enumerable.Range(0, 5_000).Select(i => batch.StringGetAsync($"batch:{i}")).ToArray();
        batch.Execute();
        Assert.All(await Task.WhenAll(sets), Assert.True);
        var values = await Task.WhenAll(gets);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal($"value:{i}", (string?)values[i]);
        }
    }

    [Fact]
    public async Task Server_commands_through_the_multiplexer()
    {
        var server = Redis.GetServer("127.0.0.1", Server.Port);
        Assert.True(await server.PingAsync() >= TimeSpan.Zero);
        await Redis.GetDatabase().StringSetAsync("se:count", "x");
        Assert.True(await server.DatabaseSizeAsync() >= 1);
        var info = await server.InfoAsync("server");
        Assert.Contains(info.SelectMany(g => g), kv => kv.Key == "redis_version");
    }
}
