using MiniStore.Protocol;

namespace MiniStore.Client.Internal;

/// <summary>
/// Tells a push from a reply, before any frame is matched to a request. A push answers no request: matching it
/// would complete the wrong request and shift every reply after it by one. Reader loop only.
/// </summary>
internal sealed class PushRouter
{
    /// <summary>
    /// The seam for RESP2 pub/sub (a later issue): RESP2 has no push type, so while the connection is subscribed
    /// a message arrives as an ordinary array and only this mode tells it apart. Whoever tracks subscriptions
    /// sets it when the server confirms the first SUBSCRIBE/PSUBSCRIBE and clears it when the count it reports
    /// drops to 0. Nothing sets it yet. The confirmations themselves (<c>subscribe</c>, <c>unsubscribe</c>, one
    /// per channel) and PING's <c>pong</c> array answer requests, so they are not pushes.
    /// </summary>
    public bool Resp2SubscribeMode { get; set; }

    /// <summary>A RESP3 push (<c>&gt;</c>) always; a RESP2 pub/sub message while in <see cref="Resp2SubscribeMode"/>.</summary>
    public bool IsPush(in RespReply frame) =>
        frame.Type == RespType.Push || (Resp2SubscribeMode && IsResp2PubSubMessage(frame));

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
