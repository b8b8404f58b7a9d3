using MiniStore.Client.Tests.Support;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>
/// RESP3 pushes (<c>&gt;</c>) answer no request: published messages reach the message stream, other pushes the
/// connection's push sink, and neither ever completes a pending request, wherever they fall among the replies.
/// </summary>
public sealed class PushTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    // One RESP GET request is five lines: *2, $3, GET, $1, the key.
    private const int LinesPerGet = 5;

    private readonly ScriptedServer _server = new();
    private MiniStoreClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await MiniStoreClient.ConnectAsync(new MiniStoreClientOptions { Port = _server.Port, Protocol = WireFormat.Resp });
        await _server.AcceptAsync();
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PushesBetweenReplies_GoToTheSink_AndEveryRequestGetsItsOwnReply()
    {
        var a = _client.GetAsync("a");
        var b = _client.GetAsync("b");
        var c = _client.GetAsync("c");
        await _server.ReceiveLinesAsync(3 * LinesPerGet);

        // A push after the first reply, and a second one cut in two across sends, before the last reply.
        await _server.SendAsync("$2\r\nva\r\n>3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n$2\r\nvb\r\n>2\r\n$10\r\ninval");
        Assert.Equal("va", await a.WaitAsync(Deadline));
        Assert.Equal("vb", await b.WaitAsync(Deadline));
        Assert.False(c.IsCompleted);
        await _server.SendAsync("idate\r\n*1\r\n$1\r\nk\r\n$2\r\nvc\r\n");

        Assert.Equal("vc", await c.WaitAsync(Deadline));
        Assert.Equal("news: hello", (await NextMessageAsync()).ToString());
        Assert.Equal("[invalidate, [k]]", (await NextPushAsync()).ToString());
        Assert.False(_client.Pushes.TryRead(out _));
        Assert.True(_client.IsConnected);
    }

    [Fact]
    public async Task APushWithNoRequestWaiting_IsNotAReplyToNoRequest()
    {
        await _server.SendAsync(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nfirst\r\n>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n");

        Assert.Equal("first", (await NextMessageAsync()).Text);
        Assert.Equal("[invalidate, [k]]", (await NextPushAsync()).ToString());
        Assert.True(_client.IsConnected);

        var request = _client.GetAsync("a");
        await _server.ReceiveLinesAsync(LinesPerGet);
        await _server.SendAsync("$2\r\nva\r\n");
        Assert.Equal("va", await request.WaitAsync(Deadline));
    }

    [Fact]
    public async Task TheConnectionEnds_ThePushSinkCompletesWithTheReason()
    {
        _server.Close();

        var ended = await Assert.ThrowsAsync<MiniStoreConnectionException>(() => _client.Pushes.Completion.WaitAsync(Deadline));
        Assert.Contains("closed the connection", ended.Message, StringComparison.Ordinal);
    }

    private async Task<PubSubMessage> NextMessageAsync()
    {
        await using var messages = _client.ReadMessagesAsync().GetAsyncEnumerator();
        Assert.True(await messages.MoveNextAsync().AsTask().WaitAsync(Deadline));
        return messages.Current;
    }

    private async Task<ClientReply> NextPushAsync() => await _client.Pushes.ReadAsync().AsTask().WaitAsync(Deadline);
}
