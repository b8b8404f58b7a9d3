using System.Buffers.Text;
using System.Text;

namespace MiniStore.Client.Internal;

/// <summary>
/// Pub/sub frames as the reader sees them, whatever the dialect: RESP3 pushes, RESP2 arrays, line-dialect A.2
/// arrays (whose elements are all values, so a count arrives as the value <c>"1"</c>).
/// </summary>
internal static class PubSubReplies
{
    /// <summary><c>message channel payload</c> or <c>pmessage pattern channel payload</c>.</summary>
    public static bool TryReadMessage(ClientReply frame, out PubSubMessage message)
    {
        message = null!;
        if (frame.Kind != ReplyKind.Array || frame.Elements.Count is not (3 or 4) || !AllValues(frame.Elements))
        {
            return false;
        }

        var elements = frame.Elements;
        var kind = elements[0].Bytes.Span;
        if (elements.Count == 3 && kind.SequenceEqual("message"u8))
        {
            message = new PubSubMessage(elements[1].Text, elements[2].Bytes);
            return true;
        }

        if (elements.Count == 4 && kind.SequenceEqual("pmessage"u8))
        {
            message = new PubSubMessage(elements[2].Text, elements[3].Bytes, elements[1].Text);
            return true;
        }

        return false;
    }

    /// <summary>
    /// <c>subscribe|unsubscribe|psubscribe|punsubscribe channel-or-nil count</c>, returned in one shape for every
    /// dialect: the kind and channel as values (the channel nil when there was none to unsubscribe), the count as an integer.
    /// </summary>
    public static bool TryReadConfirmation(ClientReply frame, out ClientReply confirmation, out SubscriptionKind kind, out long count)
    {
        confirmation = null!;
        kind = default;
        count = 0;
        if (frame.Kind != ReplyKind.Array || frame.Elements.Count != 3)
        {
            return false;
        }

        var elements = frame.Elements;
        if (elements[0].Kind != ReplyKind.Value || !TryParseKind(elements[0].Bytes.Span, out kind)
            || elements[1].Kind is not (ReplyKind.Value or ReplyKind.Nil))
        {
            return false;
        }

        switch (elements[2].Kind)
        {
            case ReplyKind.Integer:
                count = elements[2].Integer;
                break;
            case ReplyKind.Value when Utf8Parser.TryParse(elements[2].Bytes.Span, out count, out var consumed) && consumed == elements[2].Bytes.Length:
                break;
            default:
                return false;
        }

        confirmation = ClientReply.Array([elements[0], elements[1], ClientReply.FromInteger(count)]);
        return true;
    }

    /// <summary>The confirmation kinds, which are also the command names (any case).</summary>
    public static bool TryParseKind(ReadOnlySpan<byte> name, out SubscriptionKind kind)
    {
        for (var candidate = SubscriptionKind.Subscribe; candidate <= SubscriptionKind.PUnsubscribe; candidate++)
        {
            if (Ascii.EqualsIgnoreCase(name, NameOf(candidate)))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static ReadOnlySpan<byte> NameOf(SubscriptionKind kind) => kind switch
    {
        SubscriptionKind.Subscribe => "subscribe"u8,
        SubscriptionKind.Unsubscribe => "unsubscribe"u8,
        SubscriptionKind.PSubscribe => "psubscribe"u8,
        _ => "punsubscribe"u8,
    };

    /// <summary>Whether the kind counts channels (SUBSCRIBE, UNSUBSCRIBE) rather than patterns.</summary>
    public static bool IsChannelKind(SubscriptionKind kind) => kind is SubscriptionKind.Subscribe or SubscriptionKind.Unsubscribe;

    private static bool AllValues(IReadOnlyList<ClientReply> elements)
    {
        foreach (var element in elements)
        {
            if (element.Kind != ReplyKind.Value)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The four commands whose answer is one confirmation per channel or pattern rather than one reply.</summary>
internal enum SubscriptionKind : byte
{
    Subscribe,
    Unsubscribe,
    PSubscribe,
    PUnsubscribe,
}
