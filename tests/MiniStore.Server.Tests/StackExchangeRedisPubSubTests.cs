using System.Threading.Channels;
using StackExchange.Redis;

namespace MiniStore.Server.Tests;

/// <summary>StackExchange.Redis's subscriber (its own subscription connection in RESP2, push frames in RESP3) against the real server.</summary>
public sealed class StackExchangeRedisPubSubTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync(time: TimeProvider.System);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<ConnectionMultiplexer> ConnectAsync(RedisProtocol protocol) =>
        ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", _server.Port } },
            Password = InProcessServer.Password,
            AbortOnConnectFail = true,
            Protocol = protocol,
            ConnectTimeout = 15_000,
            SyncTimeout = 15_000,
            AsyncTimeout = 15_000,
        });

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Subscribe_publish_pattern_and_unsubscribe(RedisProtocol protocol)
    {
        await using var redis = await ConnectAsync(protocol);
        var subscriber = redis.GetSubscriber();
        var received = Channel.CreateUnbounded<(string Channel, string Message)>();

        var channel = RedisChannel.Literal("se:news");
        await subscriber.SubscribeAsync(channel, (ch, message) => received.Writer.TryWrite((ch.ToString(), message.ToString())));
        var pattern = RedisChannel.Pattern("se:sport.*");
        await subscriber.SubscribeAsync(pattern, (ch, message) => received.Writer.TryWrite((ch.ToString(), message.ToString())));

        Assert.Equal(1, await subscriber.PublishAsync(channel, "hello"));
        Assert.Equal(("se:news", "hello"), await ReadAsync(received));
        Assert.Equal(1, await redis.GetDatabase().PublishAsync(RedisChannel.Literal("se:sport.tennis"), "ace"));
        Assert.Equal(("se:sport.tennis", "ace"), await ReadAsync(received));

        // Ordinary commands go on working beside the subscriptions.
        var db = redis.GetDatabase();
        await db.StringSetAsync("se:k", "v");
        Assert.Equal("v", (string?)await db.StringGetAsync("se:k"));
        Assert.True((await subscriber.PingAsync()) >= TimeSpan.Zero);

        await subscriber.UnsubscribeAsync(channel);
        Assert.Equal(0, await subscriber.PublishAsync(channel, "nobody"));
        await subscriber.UnsubscribeAsync(pattern);
        Assert.Equal(0, await subscriber.PublishAsync(RedisChannel.Literal("se:sport.golf"), "nobody"));
    }

    [Fact]
    public async Task Queue_subscription_receives_in_order()
    {
        await using var redis = await ConnectAsync(RedisProtocol.Resp3);
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("se:queue"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1, await redis.GetDatabase().PublishAsync(RedisChannel.Literal("se:queue"), i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        for (var i = 0; i < 20; i++)
        {
            var message = await queue.ReadAsync(timeout.Token);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Message.ToString());
        }
    }

    private static async Task<(string, string)> ReadAsync(Channel<(string Channel, string Message)> received)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await received.Reader.ReadAsync(timeout.Token);
    }
}
