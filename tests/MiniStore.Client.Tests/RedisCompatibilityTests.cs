using System.Text;
using MiniStore.Client.Tests.Support;

namespace MiniStore.Client.Tests;

/// <summary>RESP mode against a real redis-server: the client speaks RESP2 as every Redis client does.</summary>
public sealed class RedisCompatibilityTests : IAsyncLifetime
{
    private RedisServerProcess _redis = null!;

    public async Task InitializeAsync() => _redis = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task TypedCommands_WorkAgainstRedis()
    {
        await using var client = await MiniStoreClient.ConnectAsync(_redis.Options());

        Assert.Equal("PONG", await client.PingAsync());
        Assert.Equal("hi there", await client.PingAsync("hi there"));
        Assert.True(await client.SetAsync("k", "v1"));
        Assert.Equal("v1", await client.GetAsync("k"));
        Assert.False(await client.SetAsync("k", "v2", SetOptions.IfNotExists));
        Assert.True(await client.SetAsync("k", "v3", SetOptions.IfExists));
        Assert.Equal("v3", await client.SetAndGetAsync("k", "v4"));
        Assert.Equal(-1, await client.TtlAsync("k"));
        Assert.Equal("v4", await client.GetExAsync("k", Expiry.InSeconds(100)));
        Assert.InRange(await client.TtlAsync("k"), 1, 100);
        Assert.InRange(await client.PttlAsync("k"), 1, 100_000);
        Assert.Equal("v4", await client.GetExAsync("k", Expiry.Persist));
        Assert.Equal(-1, await client.TtlAsync("k"));
        Assert.True(await client.SetAsync("j", "x", SetOptions.WithExpiry(Expiry.KeepTtl)));
        Assert.Equal(3, await client.ExistsAsync(["k", "k", "j", "nope"]));
        Assert.Equal(2, await client.DbSizeAsync());
        Assert.Equal(1, await client.DelAsync("j"));
        Assert.Equal(-2, await client.TtlAsync("j"));
        Assert.NotNull((await client.InfoAsync())["redis_version"]);
        await client.FlushAllAsync();
        Assert.Equal(0, await client.DbSizeAsync());
        Assert.Null(await client.GetAsync("k"));
    }

    [Fact]
    public async Task BinaryValuesAndPipelining_WorkAgainstRedis()
    {
        await using var client = await MiniStoreClient.ConnectAsync(_redis.Options());
        var all = Enumerable.Range(0, 256).Select(b => (byte)b).ToArray();

        var sets = Enumerable.Range(0, 10_000).Select(i => client.SetAsync(Encoding.ASCII.GetBytes($"key:{i}"), all.Append((byte)(i % 256)).ToArray())).ToArray();
        var gets = Enumerable.Range(0, 10_000).Select(i => client.GetAsync(Encoding.ASCII.GetBytes($"key:{i}"))).ToArray();

        Assert.All(await Task.WhenAll(sets), Assert.True);
        var values = await Task.WhenAll(gets);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(all.Append((byte)(i % 256)), values[i]!);
        }
    }

    [Fact]
    public async Task ErrorsAndQuit_SurfaceAsAgainstMiniStore()
    {
        var refused = await Assert.ThrowsAsync<MiniStoreServerException>(() => MiniStoreClient.ConnectAsync(_redis.Options("wrong")));
        Assert.StartsWith("WRONGPASS", refused.ServerMessage, StringComparison.Ordinal);

        await using var client = await MiniStoreClient.ConnectAsync(_redis.Options(password: null));
        var noAuth = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.GetAsync("k"));
        Assert.StartsWith("NOAUTH", noAuth.ServerMessage, StringComparison.Ordinal);
        await client.AuthenticateAsync(RedisServerProcess.Password);
        var syntax = await Assert.ThrowsAsync<MiniStoreServerException>(() => client.SetAsync("k", "v", SetOptions.WithExpiry(Expiry.InSeconds(0))));
        Assert.Contains("invalid expire time", syntax.ServerMessage, StringComparison.Ordinal);

        await client.QuitAsync();
        await Assert.ThrowsAsync<MiniStoreConnectionException>(() => client.PingAsync());
    }
}
