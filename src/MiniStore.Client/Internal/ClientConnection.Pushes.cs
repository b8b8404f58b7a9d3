using System.Threading.Channels;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>Pushes: frames the server sends unasked (RESP3 <c>&gt;</c>), kept apart from replies.</summary>
internal sealed partial class ClientConnection
{
    // Unbounded, as StackExchange.Redis's message queues: a server pushes only what the caller asked for (a
    // subscription), and the reader loop must never wait on a slow consumer, or every reply behind the push
    // would wait too. Backpressure belongs to the pub/sub API (a later issue) that reads this. No synchronous
    // continuations: a consumer's code must not run on the reader loop, for the same reason.
    private readonly Channel<ClientReply> _pushes = Channel.CreateUnbounded<ClientReply>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false });

    /// <summary>Which frames are pushes; its <see cref="PushRouter.Resp2SubscribeMode"/> is the RESP2 pub/sub seam.</summary>
    public PushRouter PushRouter { get; } = new();

    /// <summary>Every push, in arrival order; completes (with the reason) when the connection fails or is disposed.</summary>
    public ChannelReader<ClientReply> Pushes => _pushes.Reader;

    /// <summary>Routes <paramref name="frame"/> to the push sink when it is a push; false when it is a reply.</summary>
    private bool TryRoutePush(in RespReply frame)
    {
        if (!PushRouter.IsPush(frame))
        {
            return false;
        }

        _pushes.Writer.TryWrite(RespReplies.ToClientReply(frame));
        return true;
    }
}
