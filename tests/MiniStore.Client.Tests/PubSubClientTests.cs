using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>The bundled client's pub/sub against the real server, in the line dialect, RESP2 and RESP3.</summary>
public sealed class PubSubClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private InProcessServer _server = null!;

    public async Task InitializeAsync() => _server = await InProcessServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<WireFormat, bool> Dialects => new()
    {
        { WireFormat.Line, false },
        { WireFormat.Resp, false },
        { WireFormat.Resp, true },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Subscribe_receive_by_channel_and_pattern_then_unsubscribe(WireFormat protocol, bool resp3)
    {
        await using var subscriber = await ConnectAsync(protocol, resp3);
        await using var publisher = await _server.ConnectAsync(protocol);

        Assert.Equal(2, await subscriber.SubscribeAsync(["news", "a b"]));
        Assert.Equal(3, await subscriber.PSubscribeAsync(["sport.*"]));
        await using var messages = subscriber.ReadMessagesAsync().GetAsyncEnumerator();

        Assert.Equal(1, await publisher.PublishAsync("news", "hello"));
        Assert.Equal(1, await publisher.PublishAsync("a b", "with space"));
        Assert.Equal(1, await publisher.PublishAsync("sport.tennis", "ace"));
        Assert.Equal(0, await publisher.PublishAsync("weather", "nobody"));
        byte[] binary = [0, 13, 10, 255, (byte)'*', (byte)'"'];
        Assert.Equal(1, await publisher.PublishAsync("news", binary));

        Assert.Equal("news: hello", (await NextAsync(messages)).ToString());
        Assert.Equal("a b: with space", (await NextAsync(messages)).ToString());

        // PING keeps a subscriber alive in every dialect (RESP2 answers it with [pong, message] while subscribed).
        Assert.Equal("PONG", await subscriber.PingAsync());
        Assert.Equal("still here", await subscriber.PingAsync("still here"));
        var pattern = await NextAsync(messages);
        Assert.Equal(("sport.tennis", "sport.*", "ace"), (pattern.Channel, pattern.Pattern, pattern.Text));
        Assert.Equal(binary, (await NextAsync(messages)).Payload.ToArray());

        Assert.Equal(1, await subscriber.UnsubscribeAsync());
        Assert.Equal(0, await publisher.PublishAsync("news", "gone"));
        Assert.Equal(0, await subscriber.PUnsubscribeAsync(["sport.*"]));
        Assert.Equal(0, await subscriber.UnsubscribeAsync());

        // Out of subscribe mode the connection answers ordinary commands again, in every dialect.
        Assert.True(await subscriber.SetAsync("k", "v"));
        Assert.Equal("v", await subscriber.GetAsync("k"));
        Assert.True(subscriber.IsConnected);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Messages_arriving_while_requests_are_pipelined_never_take_their_replies(WireFormat protocol, bool resp3)
    {
        await using var subscriber = await ConnectAsync(protocol, resp3);
        await using var publisher = await _server.ConnectAsync(protocol);

        // Subscribe and unsubscribe requests queued back to back, each answered by its own confirmations.
        var first = subscriber.SubscribeAsync(["c1", "c2", "c3"]);
        var second = subscriber.PSubscribeAsync(["p*"]);
        var third = subscriber.UnsubscribeAsync(["c2"]);
        Assert.Equal(3, await first.WaitAsync(Deadline));
        Assert.Equal(4, await second.WaitAsync(Deadline));
        Assert.Equal(3, await third.WaitAsync(Deadline));

        const int count = 200;
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(1, await publisher.PublishAsync("c1", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        });

        // Confirmations of more requests interleave with the messages on the wire.
        Assert.Equal(4, await subscriber.SubscribeAsync(["c4"]).WaitAsync(Deadline));
        Assert.Equal(3, await subscriber.UnsubscribeAsync(["c4"]).WaitAsync(Deadline));
        await publishing.WaitAsync(Deadline);

        var received = 0;
        using var timeout = new CancellationTokenSource(Deadline);
        await foreach (var message in subscriber.ReadMessagesAsync(timeout.Token))
        {
            Assert.Equal("c1", message.Channel);
            Assert.Equal(received.ToString(System.Globalization.CultureInfo.InvariantCulture), message.Text);
            if (++received == count)
            {
                break;
            }
        }

        Assert.Equal(2, await subscriber.PUnsubscribeAsync());
        Assert.Equal(0, await subscriber.UnsubscribeAsync());
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Execute_returns_the_confirmations_and_a_refused_subscription_throws(WireFormat protocol, bool resp3)
    {
        await using var subscriber = await ConnectAsync(protocol, resp3);

        var reply = await subscriber.ExecuteAsync("SUBSCRIBE", "x", "y");
        Assert.Equal("[[subscribe, x, 1], [subscribe, y, 2]]", reply.ToString());
        Assert.Equal(ReplyKind.Integer, reply.Elements[1].Elements[2].Kind);
        Assert.Equal("[[unsubscribe, x, 1], [unsubscribe, y, 0]]", (await subscriber.ExecuteAsync("UNSUBSCRIBE")).ToString());
        Assert.Equal("[[punsubscribe, (nil), 0]]", (await subscriber.ExecuteAsync("PUNSUBSCRIBE")).ToString());

        // Before authentication the server refuses with an error, not confirmations: the request fails alone.
        await using var stranger = await MiniStoreClient.ConnectAsync(_server.Options(protocol, password: null));
        await Assert.ThrowsAsync<MiniStoreServerException>(() => stranger.SubscribeAsync(["x"]));
        Assert.True(stranger.IsConnected);
    }

    [Fact]
    public async Task The_message_stream_ends_when_the_server_disconnects_the_subscriber()
    {
        await using var subscriber = await _server.ConnectAsync(WireFormat.Resp);
        await using var admin = await _server.ConnectAsync(WireFormat.Resp);
        await subscriber.SubscribeAsync(["bye"]);

        Assert.Equal(1, (await admin.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub")).Integer);

        // Closed or reset, the enumeration ends with the connection's failure rather than waiting forever.
        using var timeout = new CancellationTokenSource(Deadline);
        await Assert.ThrowsAsync<MiniStoreConnectionException>(async () =>
        {
            await foreach (var message in subscriber.ReadMessagesAsync(timeout.Token))
            {
                Assert.Fail($"Unexpected message {message}.");
            }
        });
        Assert.False(subscriber.IsConnected);
    }

    private async Task<MiniStoreClient> ConnectAsync(WireFormat protocol, bool resp3)
    {
        var client = await _server.ConnectAsync(protocol);
        if (resp3)
        {
            Assert.Equal(ReplyKind.Array, (await client.ExecuteAsync("HELLO", "3")).Kind);
        }

        return client;
    }

    private static async Task<PubSubMessage> NextAsync(IAsyncEnumerator<PubSubMessage> messages)
    {
        Assert.True(await messages.MoveNextAsync().AsTask().WaitAsync(Deadline));
        return messages.Current;
    }
}
