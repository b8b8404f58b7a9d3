using MiniStore.Core;

namespace MiniStore.Server.PubSub;

/// <summary>
/// The channels and patterns one connection is subscribed to. Changed only by the connection's own loop (its
/// SUBSCRIBE family commands, and its close); <see cref="PubSubHub"/> keeps the server-wide view.
/// </summary>
internal sealed class Subscriptions
{
    public HashSet<byte[]> Channels { get; } = new(ByteKeyComparer.Instance);

    public HashSet<byte[]> Patterns { get; } = new(ByteKeyComparer.Instance);

    /// <summary>What SUBSCRIBE's confirmations count: channels plus patterns.</summary>
    public int Count => Channels.Count + Patterns.Count;
}
