using MiniStore.Client.Internal;

namespace MiniStore.Client;

/// <summary>
/// Pub/sub (protocol.md C), the same in the line dialect and RESP. Subscribing puts this connection in subscribe
/// mode: in RESP2 the server then runs only the SUBSCRIBE family, PING and QUIT on it, so, as with any Redis
/// client, use one client for subscriptions and another for everything else (publishing included).
/// </summary>
/// <example>
/// <code>
/// await using var subscriber = await MiniStoreClient.ConnectAsync(options);
/// await subscriber.SubscribeAsync(["news"]);
/// await foreach (var message in subscriber.ReadMessagesAsync(cancellationToken))
/// {
///     Console.WriteLine($"{message.Channel}: {message.Text}");
/// }
/// </code>
/// </example>
public sealed partial class MiniStoreClient
{
    private static readonly ReadOnlyMemory<byte> SubscribeWord = "SUBSCRIBE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> UnsubscribeWord = "UNSUBSCRIBE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PSubscribeWord = "PSUBSCRIBE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PUnsubscribeWord = "PUNSUBSCRIBE"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> PublishWord = "PUBLISH"u8.ToArray();

    /// <summary>
    /// SUBSCRIBE: once the server has confirmed every channel, messages published to them come through
    /// <see cref="ReadMessagesAsync"/>. Returns how many channels and patterns this connection then listens to.
    /// </summary>
    public Task<long> SubscribeAsync(IEnumerable<string> channels, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(SubscriptionKind.Subscribe, SubscribeWord, channels, required: true, cancellationToken);

    /// <summary>PSUBSCRIBE: as <see cref="SubscribeAsync"/> for Redis glob patterns (<c>news.*</c>); messages carry the pattern.</summary>
    public Task<long> PSubscribeAsync(IEnumerable<string> patterns, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(SubscriptionKind.PSubscribe, PSubscribeWord, patterns, required: true, cancellationToken);

    /// <summary>UNSUBSCRIBE from the channels given, or from every channel when none is. Returns the subscriptions left.</summary>
    public Task<long> UnsubscribeAsync(IEnumerable<string>? channels = null, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(SubscriptionKind.Unsubscribe, UnsubscribeWord, channels ?? [], required: false, cancellationToken);

    /// <summary>PUNSUBSCRIBE from the patterns given, or from every pattern when none is. Returns the subscriptions left.</summary>
    public Task<long> PUnsubscribeAsync(IEnumerable<string>? patterns = null, CancellationToken cancellationToken = default) =>
        SubscriptionAsync(SubscriptionKind.PUnsubscribe, PUnsubscribeWord, patterns ?? [], required: false, cancellationToken);

    /// <summary>
    /// Messages published to what this client subscribed to, in the order they arrived, as they arrive. Messages are
    /// queued from the moment they come, read or not; the enumeration ends with
    /// <see cref="MiniStoreConnectionException"/> when the connection does (the server disconnects a subscriber
    /// whose unread output passes its pub/sub limit). One reader at a time.
    /// </summary>
    public IAsyncEnumerable<PubSubMessage> ReadMessagesAsync(CancellationToken cancellationToken = default) =>
        _connection.Messages.ReadAllAsync(cancellationToken);

    /// <summary>PUBLISH: how many subscriptions received the message (a connection matching twice counts twice).</summary>
    public Task<long> PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return _connection.SendAsync([PublishWord, Encode(channel), message], ReplyDecoders.Integer, cancellationToken);
    }

    public Task<long> PublishAsync(string channel, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return PublishAsync(channel, Encode(message), cancellationToken);
    }

    /// <summary>The SUBSCRIBE family answers with one confirmation per channel (pushes in RESP3), not one reply.</summary>
    internal static bool IsSubscriptionCommand(ReadOnlySpan<byte> name, out SubscriptionKind kind) =>
        PubSubReplies.TryParseKind(name, out kind);

    private async Task<long> SubscriptionAsync(
        SubscriptionKind kind, ReadOnlyMemory<byte> command, IEnumerable<string> names, bool required, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ReadOnlyMemory<byte>[] arguments = [command, .. names.Select(name => (ReadOnlyMemory<byte>)Encode(name ?? throw new ArgumentException("A name is null.", nameof(names))))];
        if (required && arguments.Length == 1)
        {
            throw new ArgumentException("Name at least one channel or pattern.", nameof(names));
        }

        // Cancelling abandons only the wait: the confirmations are still read and consumed in their turn.
        cancellationToken.ThrowIfCancellationRequested();
        var confirmations = await _connection.SendSubscriptionAsync(arguments, kind).WaitAsync(cancellationToken).ConfigureAwait(false);
        return confirmations.Elements[^1].Elements[2].Integer;
    }
}
