using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Tells a push from a reply, before any frame is matched to a request. A push answers no request: matching it
/// would complete the wrong request and shift every reply after it by one. Reader loop only.
/// </summary>
internal sealed class PushRouter
{
    /// <summary>
    /// RESP2 and the line dialect have no push type, so while the connection is subscribed a message arrives as an
    /// ordinary array and only this mode tells it apart. The connection sets it as it sends a SUBSCRIBE-family
    /// request and clears it once the counts the confirmations report drop to 0 with no such request under way.
    /// The confirmations themselves answer that request, and PING's <c>pong</c> array answers PING: not pushes.
    /// Written under the connection's lock, read by its reader loop.
    /// </summary>
    public bool SubscribeMode
    {
        get => Volatile.Read(ref _subscribeMode);
        set => Volatile.Write(ref _subscribeMode, value);
    }

    private bool _subscribeMode;

    /// <summary>A RESP3 push (<c>&gt;</c>) always; a RESP2 pub/sub message while in <see cref="SubscribeMode"/>.</summary>
    public bool IsPush(in RespReply frame) =>
        frame.Type == RespType.Push || (SubscribeMode && IsResp2PubSubMessage(frame));

    /// <summary><c>*3 message channel payload</c>, <c>*3 smessage channel payload</c>, <c>*4 pmessage pattern channel payload</c>.</summary>
    public static bool IsResp2PubSubMessage(in RespReply frame)
    {
        if (frame.Type != RespType.Array)
        {
            return false;
        }

        var elements = frame.Elements;
        if (elements.Count is not (3 or 4) || elements[0].Type != RespType.BulkString)
        {
            return false;
        }

        var kind = elements[0].Bytes.Span;
        return elements.Count == 3
            ? kind.SequenceEqual("message"u8) || kind.SequenceEqual("smessage"u8)
            : kind.SequenceEqual("pmessage"u8);
    }
}
