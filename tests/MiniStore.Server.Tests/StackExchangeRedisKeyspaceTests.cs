using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis, keyspace commands (what IDistributedCache and friends call: EXPIRE, PEXPIRE, PERSIST, TYPE, KEYS/SCAN, RENAME, COPY).</summary>
public sealed class StackExchangeRedisKeyspaceTests : StackExchangeRedisTestBase
{
    [Fact]
    public async Task Expire_persist_and_expire_time()
    {
        var db = Redis.GetDatabase();
        Assert.False(await db.KeyExpireAsync("ks:missing", TimeSpan.FromMinutes(1)));
        Assert.True(await db.StringSetAsync("ks:k", "v"));
        Assert.True(await db.KeyExpireAsync("ks:k", TimeSpan.FromMinutes(10)));
        var ttl = await db.KeyTimeToLiveAsync("ks:k");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        // PEXPIRE (a TimeSpan with milliseconds) and the NX/GT/LT forms.
        Assert.True(await db.KeyExpireAsync("ks:k", TimeSpan.FromMilliseconds(90_500)));
        Assert.False(await db.KeyExpireAsync("ks:k", TimeSpan.FromMinutes(5), ExpireWhen.HasNoExpiry));
        Assert.False(await db.KeyExpireAsync("ks:k", TimeSpan.FromSeconds(10), ExpireWhen.GreaterThanCurrentExpiry));
        Assert.True(await db.KeyExpireAsync("ks:k", TimeSpan.FromSeconds(10), ExpireWhen.LessThanCurrentExpiry));

        var at = DateTime.UtcNow.AddHours(1);
        Assert.True(await db.KeyExpireAsync("ks:k", at));
        var expireTime = await db.KeyExpireTimeAsync("ks:k");
        Assert.InRange(expireTime!.Value, at.AddSeconds(-2), at.AddSeconds(2));

        Assert.True(await db.KeyPersistAsync("ks:k"));
        Assert.Null(await db.KeyTimeToLiveAsync("ks:k"));
        Assert.Null(await db.KeyExpireTimeAsync("ks:k"));
        Assert.False(await db.KeyPersistAsync("ks:k"));

        Assert.True(await db.KeyExpireAsync("ks:k", DateTime.UtcNow.AddHours(-1)));
        Assert.False(await db.KeyExistsAsync("ks:k"));
    }

    [Fact]
    public async Task Type_touch_and_random_key()
    {
        var db = Redis.GetDatabase();
        Assert.True(await db.StringSetAsync("ks:str", "v"));
        Assert.True(await db.SetAddAsync("ks:set", "m"));
        Assert.Equal(RedisType.String, await db.KeyTypeAsync("ks:str"));
        Assert.Equal(RedisType.Set, await db.KeyTypeAsync("ks:set"));
        Assert.Equal(RedisType.None, await db.KeyTypeAsync("ks:none"));
        Assert.True(await db.KeyTouchAsync("ks:str"));
        Assert.Equal(2, await db.KeyTouchAsync(["ks:str", "ks:set", "ks:none"]));
        var random = await db.KeyRandomAsync();
        Assert.Contains((string?)random, new[] { "ks:str", "ks:set" });
    }

    [Fact]
    public async Task Keys_and_scan_through_the_server_API()
    {
        var db = Redis.GetDatabase();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(await db.StringSetAsync($"scan:{i}", "v"));
        }

        Assert.True(await db.StringSetAsync("other", "v"));
        var server = Redis.GetServer("127.0.0.1", Server.Port);
        var scanned = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "scan:*", pageSize: 7))
        {
            scanned.Add(key!);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"scan:{i}").Order(StringComparer.Ordinal), scanned.Order(StringComparer.Ordinal));
        Assert.Equal(51, server.Keys(pattern: "*").Count());
    }

    [Fact]
    public async Task Rename_and_copy()
    {
        var db = Redis.GetDatabase();
        Assert.True(await db.StringSetAsync("ks:a", "1", TimeSpan.FromMinutes(5)));
        Assert.True(await db.KeyRenameAsync("ks:a", "ks:b"));
        Assert.False(await db.KeyExistsAsync("ks:a"));
        Assert.NotNull(await db.KeyTimeToLiveAsync("ks:b"));
        Assert.True(await db.StringSetAsync("ks:c", "3"));
        Assert.False(await db.KeyRenameAsync("ks:b", "ks:c", When.NotExists));
        await Assert.ThrowsAsync<RedisServerException>(() => db.KeyRenameAsync("ks:missing", "ks:x"));

        Assert.True(await db.KeyCopyAsync("ks:b", "ks:d"));
        Assert.False(await db.KeyCopyAsync("ks:b", "ks:c"));
        Assert.True(await db.KeyCopyAsync("ks:b", "ks:c", replace: true));
        Assert.Equal("1", (string?)await db.StringGetAsync("ks:c"));
        Assert.Equal("1", (string?)await db.StringGetAsync("ks:d"));
    }
}
