using System.Threading.Channels;
using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Pushes and pub/sub: frames the server sends unasked (RESP3 <c>&gt;</c>; published messages in any dialect) are
/// kept apart from replies, and SUBSCRIBE-family confirmations go to the request at the head of the FIFO.
/// </summary>
internal sealed partial class ClientConnection
{
    // Unbounded, as StackExchange.Redis's message queues: a server pushes only what the caller asked for (a
    // subscription), and the reader loop must never wait on a slow consumer, or every reply behind the push would
    // wait too; the server's pub/sub output limit bounds a consumer that falls far behind. No synchronous
    // continuations: a consumer's code must not run on the reader loop, for the same reason.
    private readonly Channel<ClientReply> _pushes = Channel.CreateUnbounded<ClientReply>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false });

    private readonly Channel<PubSubMessage> _messages = Channel.CreateUnbounded<PubSubMessage>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = false, SingleWriter = true });

    // Guarded by _sync: SUBSCRIBE-family requests written and not yet fully confirmed.
    private int _subscriptionRequests;

    // Reader loop only: what the connection holds, from the counts the confirmations report.
    private int _channels;
    private int _patterns;

    /// <summary>Which frames are pushes; its <see cref="PushRouter.SubscribeMode"/> says when published messages may come.</summary>
    public PushRouter PushRouter { get; } = new();

    /// <summary>Every push that is not pub/sub, in arrival order; completes (with the reason) when the connection ends.</summary>
    public ChannelReader<ClientReply> Pushes => _pushes.Reader;

    /// <summary>Published messages, in arrival order; completes (with the reason) when the connection ends.</summary>
    public ChannelReader<PubSubMessage> Messages => _messages.Reader;

    /// <summary>
    /// Sends SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE or PUNSUBSCRIBE (name first); completes with the array of its
    /// confirmations, each <c>[kind, channel or nil, count]</c>, once all have arrived.
    /// </summary>
    public Task<ClientReply> SendSubscriptionAsync(ReadOnlySpan<ReadOnlyMemory<byte>> arguments, SubscriptionKind kind)
    {
        var pending = new SubscriptionReply(kind, arguments.Length - 1, _time.GetTimestamp());
        return Enqueue(arguments, pending, RequestFlags.None) is { } closed ? Task.FromException<ClientReply>(closed) : pending.Task;
    }

    /// <summary>Routes a RESP frame that is a push, or a pub/sub array while subscribed; false when it is a reply.</summary>
    private bool TryRoutePush(in RespReply frame)
    {
        if (frame.Type == RespType.Push)
        {
            return TryRoutePubSub(RespReplies.ToClientReply(frame), isPush: true);
        }

        // RESP2 has no push type: only while subscribed can an array be a message or a confirmation.
        return frame.Type == RespType.Array && PushRouter.SubscribeMode && frame.Elements.Count is 3 or 4
            && TryRoutePubSub(RespReplies.ToClientReply(frame), isPush: false);
    }

    /// <summary>A message goes to <see cref="Messages"/>, a confirmation to the waiting request, another push aside.</summary>
    private bool TryRoutePubSub(ClientReply frame, bool isPush)
    {
        if (PubSubReplies.TryReadMessage(frame, out var message))
        {
            _messages.Writer.TryWrite(message);
            return true;
        }

        if (PubSubReplies.TryReadConfirmation(frame, out var confirmation, out var kind, out var count)
            && _pending.TryPeek(out var head) && head is SubscriptionReply waiting && waiting.Kind == kind)
        {
            Confirm(waiting, confirmation, kind, count);
            return true;
        }

        if (isPush)
        {
            _pushes.Writer.TryWrite(frame);
            return true;
        }

        return false;
    }

    private void Confirm(SubscriptionReply waiting, ClientReply confirmation, SubscriptionKind kind, long count)
    {
        // The count is channels plus patterns; a confirmation changes only its own kind's share.
        var channelKind = PubSubReplies.IsChannelKind(kind);
        var heldBefore = channelKind ? _channels : _patterns;
        var total = (int)Math.Clamp(count, 0, int.MaxValue);
        if (channelKind)
        {
            _channels = Math.Max(0, total - _patterns);
        }
        else
        {
            _patterns = Math.Max(0, total - _channels);
        }

        if (waiting.Accept(confirmation, heldBefore))
        {
            _pending.TryDequeue(out _);
            SubscriptionRequestEnded();
        }
    }

    /// <summary>Leaves subscribe mode once nothing is subscribed and no subscription request is still under way.</summary>
    private void SubscriptionRequestEnded()
    {
        lock (_sync)
        {
            _subscriptionRequests--;
            if (_subscriptionRequests == 0 && _channels + _patterns == 0)
            {
                PushRouter.SubscribeMode = false;
            }
        }
    }
}
