using System.Text;

namespace MiniStore.Client;

/// <summary>
/// One message published to a channel this client subscribed to (<c>message</c>), or to a channel matching a pattern
/// it subscribed to (<c>pmessage</c>: then <see cref="Pattern"/> is that pattern).
/// </summary>
public sealed class PubSubMessage
{
    public PubSubMessage(string channel, ReadOnlyMemory<byte> payload, string? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(channel);
        Channel = channel;
        Payload = payload;
        Pattern = pattern;
    }

    /// <summary>The channel it was published to (UTF-8 decoded).</summary>
    public string Channel { get; }

    /// <summary>The subscribed pattern that matched <see cref="Channel"/>; null for a plain channel subscription.</summary>
    public string? Pattern { get; }

    /// <summary>The message's bytes, exactly as published.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary><see cref="Payload"/> as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    public override string ToString() => Pattern is null ? $"{Channel}: {Text}" : $"{Channel} ({Pattern}): {Text}";
}
