using System.Text;
using System.Threading.Channels;
using MiniStore.Server.Tests.Support;
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

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Server_side_counts_binary_payloads_and_several_handlers(RedisProtocol protocol)
    {
        await using var redis = await ConnectAsync(protocol);
        var subscriber = redis.GetSubscriber();
        var first = Channel.CreateUnbounded<byte[]>();
        var second = Channel.CreateUnbounded<byte[]>();
        var channel = RedisChannel.Literal("se:bin");
        await subscriber.SubscribeAsync(channel, (_, message) => first.Writer.TryWrite((byte[])message!));
        await subscriber.SubscribeAsync(channel, (_, message) => second.Writer.TryWrite((byte[])message!));
        await subscriber.SubscribeAsync(RedisChannel.Pattern("se:b*"), (_, _) => { });

        // One connection holds the subscription however many handlers share it; the pattern counts on its own.
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        Assert.Equal(1, await server.SubscriptionSubscriberCountAsync(channel));
        Assert.Equal(1, await server.SubscriptionPatternCountAsync());
        Assert.Contains(channel, await server.SubscriptionChannelsAsync(RedisChannel.Pattern("se:*")));

        byte[] payload = [0, 13, 10, 255, (byte)'*', (byte)'$'];
        Assert.Equal(2, await redis.GetDatabase().PublishAsync(channel, payload));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(payload, await first.Reader.ReadAsync(timeout.Token));
        Assert.Equal(payload, await second.Reader.ReadAsync(timeout.Token));
    }

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task A_subscription_whose_connection_is_killed_is_restored_on_reconnect(RedisProtocol protocol)
    {
        await using var redis = await ConnectAsync(protocol);
        var received = Channel.CreateUnbounded<(string Channel, string Message)>();
        var channel = RedisChannel.Literal("se:survivor");
        await redis.GetSubscriber().SubscribeAsync(channel, (ch, message) => received.Writer.TryWrite((ch.ToString(), message.ToString())));

        // Subscribed connections are of type pubsub (RESP2's subscription connection, RESP3's only one), as in Redis 7.
        await using var admin = await RawRespClient.ConnectAsync(_server.Port, "admin");
        Assert.Equal("+OK\r\n", Encoding.ASCII.GetString(await admin.CommandAsync("AUTH", InProcessServer.Password)));
        Assert.Equal(":1\r\n", Encoding.ASCII.GetString(await admin.CommandAsync("CLIENT", "KILL", "TYPE", "pubsub")));

        // The multiplexer reconnects and subscribes again; until then a publish reaches nobody.
        await Poll.UntilAsync(async () => Encoding.ASCII.GetString(await admin.CommandAsync("PUBLISH", "se:survivor", "back")) == ":1\r\n");

        Assert.Equal(("se:survivor", "back"), await ReadAsync(received));
    }

    private static async Task<(string, string)> ReadAsync(Channel<(string Channel, string Message)> received)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await received.Reader.ReadAsync(timeout.Token);
    }
}
