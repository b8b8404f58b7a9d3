using System.Buffers;
using System.Text;
using MiniStore.Client.Internal;
using MiniStore.Protocol;

namespace MiniStore.Client.Tests;

/// <summary>
/// Which frames are pushes: RESP3's <c>&gt;</c> always; RESP2's pub/sub message arrays only in subscribe mode,
/// which the connection switches on while it has subscriptions or a SUBSCRIBE-family request under way.
/// </summary>
public sealed class PushRouterTests
{
    private const string Message = "*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
    private const string PatternMessage = "*4\r\n$8\r\npmessage\r\n$2\r\nn*\r\n$4\r\nnews\r\n$5\r\nhello\r\n";
    private const string ShardMessage = "*3\r\n$8\r\nsmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n";

    [Theory]
    [InlineData(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    [InlineData(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n")]
    public void Resp3Push_IsAPush_InEitherMode(string wire)
    {
        Assert.True(new PushRouter().IsPush(Read(wire)));
        Assert.True(new PushRouter { SubscribeMode = true }.IsPush(Read(wire)));
    }

    [Theory]
    [InlineData(Message)]
    [InlineData(PatternMessage)]
    [InlineData(ShardMessage)]
    public void Resp2PubSubMessage_IsAPushOnlyInSubscribeMode(string wire)
    {
        // Outside subscribe mode the same array is an ordinary reply (LRANGE of a list holding these values).
        Assert.False(new PushRouter().IsPush(Read(wire)));
        Assert.True(new PushRouter { SubscribeMode = true }.IsPush(Read(wire)));
    }

    [Theory]
    [InlineData("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n")]
    [InlineData("*2\r\n$4\r\npong\r\n$0\r\n\r\n")]
    [InlineData("*4\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n$5\r\nextra\r\n")]
    [InlineData("*3\r\n+message\r\n$4\r\nnews\r\n$5\r\nhello\r\n")]
    [InlineData("$7\r\nmessage\r\n")]
    [InlineData("+OK\r\n")]
    public void RepliesInSubscribeMode_AreNotPushes(string wire) =>
        Assert.False(new PushRouter { SubscribeMode = true }.IsPush(Read(wire)));

    private static RespReply Read(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire));
        Assert.Equal(RespReadResult.Complete, new RespReplyReader().TryRead(ref buffer, out var reply));
        Assert.True(buffer.IsEmpty);
        return reply;
    }
}
